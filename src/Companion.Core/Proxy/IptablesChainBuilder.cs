namespace Companion.Core.Proxy;

/// <summary>Where one rule line sits in the dump text, and which chain (global id) it belongs to.</summary>
internal readonly record struct IptablesRuleSlot(int Start, int Length, int LineNumber, int Chain, bool Inserted);

/// <summary>A chain while the dump is being filed: its table, policy, whether a ":NAME" line declared it, and its rule count.</summary>
internal struct IptablesChainBuilder(string name, string table)
{
    public readonly string Name => name;

    public readonly string Table => table;

    public string? Policy { get; set; }

    public bool Declared { get; set; }

    public int Count { get; set; }

    public bool HasInserted { get; set; }

    public int FirstLine { get; set; }

    public int FirstSlot { get; set; }
}
