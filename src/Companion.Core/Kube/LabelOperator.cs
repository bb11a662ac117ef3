namespace Companion.Core.Kube;

/// <summary>How a requirement compares a label.</summary>
public enum LabelOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
