namespace Companion.Core.Kube;

/// <summary>One comma-separated term of a selector.</summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals or LabelOperator.In => has && Values.Contains(value),
            LabelOperator.NotEquals or LabelOperator.NotIn => !has || !Values.Contains(value),
            LabelOperator.Exists => has,
            _ => !has,
        };
    }
}
