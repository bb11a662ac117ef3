using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>
/// One service port with its endpoints split the way kube-proxy's CategorizeEndpoints splits them for one node.
/// </summary>
internal sealed record ModelServicePort(
    ServiceInfo Service,
    ServicePortInfo Port,
    IReadOnlyList<ModelEndpoint> All,
    IReadOnlyList<ModelEndpoint> Cluster,
    IReadOnlyList<ModelEndpoint> Local,
    bool HasAnyEndpoints,
    bool UsesCluster,
    bool UsesLocal,
    bool TopologyUsed)
{
    public string Protocol => Port.Protocol.ToLowerInvariant();

    /// <summary>"ns/name:port" (or "ns/name" for an unnamed port).</summary>
    public string ServicePortName => KubeProxyNames.ServicePortName(Service.Namespace, Service.Name, Port.Name);

    public bool InternalLocal => string.Equals(Service.InternalTrafficPolicy, "Local", StringComparison.OrdinalIgnoreCase);

    public bool ExternalLocal => string.Equals(Service.ExternalTrafficPolicy, "Local", StringComparison.OrdinalIgnoreCase);

    public bool ExternallyAccessible => ModelEndpoints.IsExternallyAccessible(Service, Port);

    public bool Affinity => string.Equals(Service.SessionAffinity, "ClientIP", StringComparison.OrdinalIgnoreCase);

    public int AffinitySeconds => Service.SessionAffinityTimeoutSeconds ?? 10800;

    /// <summary>Endpoints for traffic to the ClusterIP.</summary>
    public IReadOnlyList<ModelEndpoint> Internal => InternalLocal ? Local : Cluster;

    /// <summary>Endpoints for traffic to NodePorts, external IPs and load-balancer IPs from outside.</summary>
    public IReadOnlyList<ModelEndpoint> External => ExternalLocal ? Local : Cluster;

    /// <summary>Endpoints that get an endpoint chain: the union of the lists in use, in kube-proxy's order.</summary>
    public IReadOnlyList<ModelEndpoint> Reachable =>
        (UsesCluster ? Cluster : []).Concat(UsesLocal ? Local : []).DistinctBy(e => e.HostPort)
            .OrderBy(e => e.HostPort, StringComparer.Ordinal).ToList();
}
