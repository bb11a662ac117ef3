namespace Companion.Core.Model;

/// <summary>
/// Everything a source knows about a cluster at one moment, as Companion records.
/// Live, lab and recorded sources all produce this, through the same mapping code.
/// </summary>
public sealed record ClusterSnapshot(
    SourceInfo Source,
    IReadOnlyList<NodeInfo> Nodes,
    IReadOnlyList<PodInfo> Pods,
    IReadOnlyList<ServiceInfo> Services,
    IReadOnlyList<EndpointSliceInfo> EndpointSlices,
    ProxyModeInfo ProxyMode,
    ClusterDnsInfo? Dns = null,
    string? ServerVersion = null)
{
    /// <summary>The slices that belong to a service (label kubernetes.io/service-name).</summary>
    public IEnumerable<EndpointSliceInfo> SlicesFor(ServiceInfo service) =>
        EndpointSlices.Where(s => s.Namespace == service.Namespace && s.ServiceName == service.Name);
}

/// <summary>The cluster DNS set-up: the kube-dns Service, the Corefile, and whether NodeLocal DNSCache runs.</summary>
public sealed record ClusterDnsInfo(
    string? ServiceNamespace,
    string? ServiceName,
    string? ClusterIp,
    string ClusterDomain,
    string? Corefile,
    bool NodeLocalDnsCache,
    string? NodeLocalAddress = null);
