namespace Companion.Core.Proxy;

/// <summary>
/// An nftables ruleset as <c>nft list ruleset</c> prints it (or as <c>nft -f</c> reads it): tables with chains, sets and maps.
/// </summary>
public sealed record NftRuleset(IReadOnlyList<NftTable> Tables)
{
    /// <summary>The table with this family and name ("ip", "kube-proxy"), if present.</summary>
    public NftTable? FindTable(string family, string name) =>
        Tables.FirstOrDefault(t => t.Family == family && t.Name == name);

    /// <summary>All rules of all tables.</summary>
    public int RuleCount => Tables.Sum(t => t.Chains.Values.Sum(c => c.Rules.Count));
}
