namespace Companion.Core.Proxy;

/// <summary>
/// A parsed iptables-save dump. Backend is "nf_tables" or "legacy" when the header says so.
/// </summary>
public sealed record IptablesRuleset(IReadOnlyDictionary<string, IptablesTable> Tables, string? Backend = null)
{
    public IptablesTable? Table(string name) => Tables.GetValueOrDefault(name);

    /// <summary>Every rule, in file order within each table.</summary>
    public IEnumerable<IptablesRule> AllRules => Tables.Values.SelectMany(t => t.Chains.Values).SelectMany(c => c.Rules);
}
