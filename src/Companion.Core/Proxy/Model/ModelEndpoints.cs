using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>
/// kube-proxy's endpoint selection from API objects (pkg/proxy/topology.go CategorizeEndpoints, serviceport.go):
/// ready endpoints first, serving+terminating ones only when a list has no ready endpoint, "Local" policies keep
/// this node's endpoints, and zone hints narrow the cluster list when every endpoint carries them.
/// </summary>
internal static class ModelEndpoints
{
    /// <summary>Services kube-proxy writes no rules for: headless, no ClusterIP, ExternalName, or another proxy's label.</summary>
    public static string? WhyNotProxied(ServiceInfo service)
    {
        if (string.Equals(service.Type, "ExternalName", StringComparison.OrdinalIgnoreCase))
        {
            return $"ExternalName service: DNS answers with a CNAME to {service.ExternalName ?? "(unset)"}; kube-proxy writes no rules";
        }

        if (service.IsHeadless)
        {
            return "headless service (clusterIP None): DNS answers with the pod IPs; kube-proxy writes no rules";
        }

        if (string.IsNullOrEmpty(service.ClusterIp))
        {
            return "the service has no ClusterIP; kube-proxy writes no rules";
        }

        return service.Labels?.ContainsKey("service.kubernetes.io/service-proxy-name") == true
            ? "the service carries service.kubernetes.io/service-proxy-name: another proxy handles it"
            : null;
    }

    public static bool IsExternallyAccessible(ServiceInfo service, ServicePortInfo port) =>
        port.NodePort is > 0 || service.ExternalIps is { Count: > 0 } || service.LoadBalancerIngressIps is { Count: > 0 };

    /// <summary>The IPv4 endpoints of a service port with their resolved target port, sorted by "ip:port".</summary>
    public static List<ModelEndpoint> EndpointsFor(ClusterSnapshot snapshot, ServiceInfo service, ServicePortInfo port, ILookup<string, EndpointSliceInfo>? slicesByService = null)
    {
        var result = new List<ModelEndpoint>();
        var slices = slicesByService?[service.Key] ?? snapshot.SlicesFor(service);
        foreach (var slice in slices.Where(s => string.Equals(s.AddressType, "IPv4", StringComparison.OrdinalIgnoreCase)))
        {
            var slicePort = slice.Ports.FirstOrDefault(p =>
                string.Equals(p.Name ?? "", port.Name ?? "", StringComparison.Ordinal)
                && string.Equals(p.Protocol, port.Protocol, StringComparison.OrdinalIgnoreCase));
            if (slicePort?.Port is not { } targetPort)
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints)
            {
                var ip = endpoint.Addresses.FirstOrDefault();
                if (ip is null || !Ipv4.TryParse(ip, out _))
                {
                    continue;
                }

                result.Add(new ModelEndpoint(ip, targetPort, endpoint.NodeName, endpoint.Zone, endpoint.IsReady,
                    endpoint.IsServing, endpoint.IsTerminating, endpoint.TargetRef, endpoint.HintZones));
            }
        }

        return result.DistinctBy(e => e.HostPort).OrderBy(e => e.HostPort, StringComparer.Ordinal).ToList();
    }

    /// <summary>Slices grouped by "namespace/service", for callers that categorize many services.</summary>
    public static ILookup<string, EndpointSliceInfo> SlicesByService(ClusterSnapshot snapshot) =>
        snapshot.EndpointSlices.Where(s => s.ServiceName is not null).ToLookup(s => $"{s.Namespace}/{s.ServiceName}", StringComparer.Ordinal);

    public static ModelServicePort Categorize(ClusterSnapshot snapshot, ServiceInfo service, ServicePortInfo port, string? nodeName, ILookup<string, EndpointSliceInfo>? slicesByService = null)
    {
        var all = EndpointsFor(snapshot, service, port, slicesByService);
        var internalLocal = string.Equals(service.InternalTrafficPolicy, "Local", StringComparison.OrdinalIgnoreCase);
        var externalLocal = string.Equals(service.ExternalTrafficPolicy, "Local", StringComparison.OrdinalIgnoreCase);
        var external = IsExternallyAccessible(service, port);
        var usesCluster = !internalLocal || (external && !externalLocal);
        var usesLocal = internalLocal || (external && externalLocal);

        var zone = NodeZone(snapshot, nodeName);
        var topology = usesCluster && CanUseTopology(all, zone);
        List<ModelEndpoint> cluster = [];
        if (usesCluster)
        {
            bool InZone(ModelEndpoint e) => !topology || e.HintZones!.Contains(zone!, StringComparer.Ordinal);
            cluster = all.Where(e => e.Ready && InZone(e)).ToList();
            if (cluster.Count == 0)
            {
                cluster = all.Where(e => e.Serving && e.Terminating && InZone(e)).ToList();
            }
        }

        List<ModelEndpoint> local = [];
        var mine = all.Where(e => nodeName is not null && e.NodeName == nodeName).ToList();
        if (usesLocal)
        {
            local = mine.Where(e => e.Ready).ToList();
            if (local.Count == 0)
            {
                local = mine.Where(e => e.Serving && e.Terminating).ToList();
            }
        }

        var hasAny = cluster.Count > 0 || (usesLocal && all.Any(e => e.Ready || (e.Serving && e.Terminating)));
        return new ModelServicePort(service, port, all, cluster, local, hasAny, usesCluster, usesLocal, topology);
    }

    /// <summary>The node's zone: NodeInfo.Zone or the topology.kubernetes.io/zone label.</summary>
    public static string? NodeZone(ClusterSnapshot snapshot, string? nodeName)
    {
        var node = snapshot.Nodes.FirstOrDefault(n => n.Name == nodeName);
        return node?.Zone ?? (node?.Labels is { } labels && labels.TryGetValue("topology.kubernetes.io/zone", out var z) ? z : null);
    }

    private static bool CanUseTopology(List<ModelEndpoint> endpoints, string? zone)
    {
        var ready = endpoints.Where(e => e.Ready).ToList();
        return zone is not null && ready.Count > 0
            && ready.All(e => e.HintZones is { Count: > 0 })
            && ready.Any(e => e.HintZones!.Contains(zone, StringComparer.Ordinal));
    }
}
