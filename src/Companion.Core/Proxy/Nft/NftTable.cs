namespace Companion.Core.Proxy;

/// <summary>One nftables table ("table ip kube-proxy"): its chains, and its sets and maps by name.</summary>
public sealed record NftTable(
    string Family,
    string Name,
    IReadOnlyDictionary<string, NftChain> Chains,
    IReadOnlyDictionary<string, NftSet> Sets,
    int LineNumber,
    string? Comment = null)
{
    /// <summary>"ip kube-proxy".</summary>
    public string Key => $"{Family} {Name}";
}
