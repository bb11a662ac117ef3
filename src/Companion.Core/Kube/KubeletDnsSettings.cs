namespace Companion.Core.Kube;

/// <summary>
/// What kubelet knows when it writes a pod's resolv.conf: <c>--cluster-dns</c>, <c>--cluster-domain</c>, and the node's
/// file named by <c>--resolv-conf</c> (null when that flag is empty).
/// </summary>
public sealed record KubeletDnsSettings(IReadOnlyList<string> ClusterDns, string ClusterDomain, string? NodeResolvConf)
{
    /// <summary>ExpandedDNSConfig (GA since 1.28): 32 search entries / 2048 characters instead of 6 / 256.</summary>
    public bool ExpandedDnsConfig { get; init; } = true;
}
