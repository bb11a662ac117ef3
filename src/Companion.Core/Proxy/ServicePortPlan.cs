using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>One endpoint of a service port as kube-proxy sees it ("ip:port" plus its conditions).</summary>
internal sealed record PlannedEndpoint(string Ip, int Port, bool Ready, bool Serving, bool Terminating, string? NodeName)
{
    public string HostPort => KubeProxyNames.JoinHostPort(Ip, Port);
}

/// <summary>
/// What kube-proxy decides for one service port on one node (pkg/proxy: CategorizeEndpoints, UsesClusterEndpoints,
/// UsesLocalEndpoints): which endpoints go in the cluster list (KUBE-SVC) and the local list (KUBE-SVL).
/// </summary>
internal sealed record ServicePortPlan(
    ServiceInfo Service,
    ServicePortInfo Port,
    string Spn,
    string Protocol,
    IReadOnlyList<PlannedEndpoint> ClusterEndpoints,
    IReadOnlyList<PlannedEndpoint> LocalEndpoints,
    IReadOnlyList<string> LoadBalancerIps,
    bool ExternallyAccessible,
    bool ExternalPolicyLocal,
    bool InternalPolicyLocal)
{
    public bool UsesClusterEndpoints => !InternalPolicyLocal || (ExternallyAccessible && !ExternalPolicyLocal);

    public bool UsesLocalEndpoints => InternalPolicyLocal || (ExternallyAccessible && ExternalPolicyLocal);

    public IReadOnlyList<PlannedEndpoint> AllReachable =>
        [.. (UsesClusterEndpoints ? ClusterEndpoints : []).Concat(UsesLocalEndpoints ? LocalEndpoints : [])
            .DistinctBy(e => e.HostPort).OrderBy(e => e.HostPort, StringComparer.Ordinal)];

    public bool HasAnyEndpoint => ClusterEndpoints.Count > 0;

    public bool HasEndpoints => AllReachable.Count > 0;

    public bool HasInternalEndpoints => InternalPolicyLocal ? LocalEndpoints.Count > 0 : ClusterEndpoints.Count > 0;

    public bool HasExternalEndpoints => ExternalPolicyLocal ? LocalEndpoints.Count > 0 : ClusterEndpoints.Count > 0;

    /// <summary>The service ports kube-proxy writes rules for on <paramref name="nodeName"/>, sorted by service-port name.</summary>
    public static IReadOnlyList<ServicePortPlan> For(ClusterSnapshot snapshot, string nodeName)
    {
        var plans = new List<ServicePortPlan>();
        foreach (var svc in snapshot.Services)
        {
            if (svc.IsHeadless || string.IsNullOrEmpty(svc.ClusterIp) || svc.Type == "ExternalName"
                || (svc.Labels?.ContainsKey("service.kubernetes.io/service-proxy-name") ?? false)
                || svc.ClusterIp.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var port in svc.Ports)
            {
                plans.Add(Plan(snapshot, svc, port, nodeName));
            }
        }

        return [.. plans.OrderBy(p => p.Spn, StringComparer.Ordinal).ThenBy(p => p.Protocol, StringComparer.Ordinal)];
    }

    private static ServicePortPlan Plan(ClusterSnapshot snapshot, ServiceInfo svc, ServicePortInfo port, string nodeName)
    {
        var protocol = port.Protocol.ToLowerInvariant();
        var endpoints = new Dictionary<string, PlannedEndpoint>(StringComparer.Ordinal);
        foreach (var slice in snapshot.SlicesFor(svc).Where(s => s.AddressType == "IPv4"))
        {
            var slicePort = slice.Ports.FirstOrDefault(p => (p.Name ?? "") == (port.Name ?? "")
                && string.Equals(p.Protocol, port.Protocol, StringComparison.OrdinalIgnoreCase));
            if (slicePort?.Port is not { } targetPort)
            {
                continue;
            }

            foreach (var ep in slice.Endpoints.Where(e => e.Addresses.Count > 0))
            {
                var planned = new PlannedEndpoint(ep.Addresses[0], targetPort, ep.IsReady, ep.IsServing, ep.IsTerminating, ep.NodeName);
                endpoints.TryAdd(planned.HostPort, planned);
            }
        }

        var all = endpoints.Values.OrderBy(e => e.HostPort, StringComparer.Ordinal).ToList();
        var cluster = Usable(all);
        var local = Usable(all.Where(e => e.NodeName == nodeName).ToList());
        var lbIps = svc.Type == "LoadBalancer" ? svc.LoadBalancerIngressIps ?? [] : [];
        var nodePort = svc.Type is "NodePort" or "LoadBalancer" && port.NodePort is > 0;
        var externallyAccessible = nodePort || (svc.ExternalIps?.Count ?? 0) > 0 || lbIps.Count > 0;
        return new ServicePortPlan(
            svc,
            nodePort ? port : port with { NodePort = null },
            KubeProxyNames.ServicePortName(svc.Namespace, svc.Name, port.Name),
            protocol,
            cluster,
            local,
            lbIps,
            externallyAccessible,
            externallyAccessible && svc.ExternalTrafficPolicy == "Local",
            svc.InternalTrafficPolicy == "Local");
    }

    /// <summary>Ready endpoints; when there is none, the serving and terminating ones.</summary>
    private static List<PlannedEndpoint> Usable(List<PlannedEndpoint> candidates)
    {
        var ready = candidates.Where(e => e.Ready).ToList();
        return ready.Count > 0 ? ready : [.. candidates.Where(e => e.Serving && e.Terminating)];
    }
}
