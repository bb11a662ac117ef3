namespace Companion.Core.Model;

/// <summary>How Services are implemented on the nodes.</summary>
public enum ProxyMode
{
    Unknown,
    Iptables,
    Nftables,
    Ipvs,

    /// <summary>No kube-proxy: another data plane (for example Cilium) replaced it.</summary>
    Replaced,
}

/// <summary>The detected proxy mode and how it was detected ("ConfigMap kube-system/kube-proxy: mode: nftables").</summary>
public sealed record ProxyModeInfo(ProxyMode Mode, string Evidence, string? ReplacedBy = null);
