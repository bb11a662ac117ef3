namespace Companion.Core.Proxy;

/// <summary>Where one rule line sits in the dump text; Inserted marks "-I" lines of restore input.</summary>
internal readonly record struct IptablesRuleSlot(int Start, int Length, int LineNumber, bool Inserted);

/// <summary>A chain while the dump is being filed: its policy, whether a ":NAME" line declared it, and its rule lines.</summary>
internal sealed class IptablesChainBuilder
{
    public string? Policy { get; set; }

    public bool Declared { get; set; }

    public List<IptablesRuleSlot> Slots { get; } = [];
}
