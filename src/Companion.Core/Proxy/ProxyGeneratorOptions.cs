namespace Companion.Core.Proxy;

/// <summary>
/// What a rule generator needs besides the cluster model: the node it writes rules for, the local-detector
/// CIDR (kube-proxy's --cluster-cidr; null means no detector), the node's IPs, and --masquerade-all.
/// </summary>
public sealed record ProxyGeneratorOptions(
    string NodeName,
    string? ClusterCidr,
    IReadOnlyList<string> NodeIps,
    bool MasqueradeAll = false,
    int MasqueradeBit = 14);
