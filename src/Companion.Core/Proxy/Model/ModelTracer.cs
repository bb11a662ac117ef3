using System.Globalization;
using Companion.Core.Diagnostics;
using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>
/// Predicts a Service trace from API objects alone (Service, EndpointSlices, Pods, Nodes), for when no node dump is
/// available: kube-proxy's endpoint choice (ready, then serving+terminating), traffic policies, topology hints,
/// session affinity and masquerading. Labelled "predicted from API objects".
/// </summary>
public static class ModelTracer
{
    public const string Method = "predicted from API objects";

    public static ServiceTrace TraceService(ClusterSnapshot snapshot, string @namespace, string name, string? port, TraceOrigin from, string? nodeName)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(from);
        var diagnostics = new List<Diagnostic>();
        var service = snapshot.Services.FirstOrDefault(s => s.Namespace == @namespace && s.Name == name);
        var (node, source, entry) = Origin(snapshot, from, nodeName, diagnostics);
        if (service is null)
        {
            diagnostics.Add(Diagnostic.Fail($"service {@namespace}/{name} not found"));
            return Result(new PacketSpec(source, "?", "tcp", 0, entry), TraceVerdict.Accept, [], [], diagnostics, $"service {@namespace}/{name} not found", null);
        }

        var servicePort = PickPort(service, port, diagnostics);
        if (servicePort is null)
        {
            return Result(new PacketSpec(source, service.ClusterIp ?? "?", "tcp", 0, entry), TraceVerdict.Accept, [], [], diagnostics,
                $"{service.Key} has no port {port}", service.Key);
        }

        var protocol = servicePort.Protocol.ToLowerInvariant();
        var sp = ModelEndpoints.Categorize(snapshot, service, servicePort, node);
        if (ModelEndpoints.WhyNotProxied(service) is { } notProxied)
        {
            var packet = new PacketSpec(source, service.ClusterIp ?? service.ExternalName ?? "?", protocol, servicePort.Port, entry);
            var direct = sp.All.Where(e => e.Ready).Select(e => Target(e, 1.0 / sp.All.Count(x => x.Ready), false, null)).ToList();
            return Result(packet, TraceVerdict.Accept, direct, [], diagnostics, notProxied, sp.ServicePortName);
        }

        var (destination, destinationPort, external) = Destination(snapshot, sp, from, node, diagnostics);
        var spec = new PacketSpec(source, destination ?? "?", protocol, destinationPort, entry);
        if (destination is null)
        {
            return Result(spec, TraceVerdict.Drop, [], [], diagnostics,
                $"{sp.ServicePortName} is not exposed outside the cluster (no NodePort, external IP or load-balancer IP)", sp.ServicePortName);
        }

        var chosen = external ? sp.External : sp.Internal;
        var policyLocal = external ? sp.ExternalLocal : sp.InternalLocal;
        var chains = ModelTraceChains.Predict(snapshot.ProxyMode.Mode, sp, external, policyLocal);
        if (!sp.HasAnyEndpoints)
        {
            return Result(spec, TraceVerdict.Reject, [], chains, diagnostics, $"{sp.ServicePortName} has no endpoints (kube-proxy rejects)", sp.ServicePortName);
        }

        if (chosen.Count == 0)
        {
            var policy = external ? "externalTrafficPolicy" : "internalTrafficPolicy";
            return Result(spec, TraceVerdict.Drop, [], chains, diagnostics,
                $"{sp.ServicePortName} has no local endpoints on node {node ?? "(unknown)"} ({policy}: Local)", sp.ServicePortName);
        }

        Explain(sp, chosen, node, diagnostics);
        var targets = chosen.Select(e => Target(e, 1.0 / chosen.Count, Masquerade(from, e, source, external, policyLocal, snapshot),
            ModelTraceChains.EndpointChain(snapshot.ProxyMode.Mode, sp, e))).ToList();
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"DNAT to {chosen.Count} endpoint(s) of {sp.ServicePortName}{(policyLocal ? " on node " + node : "")}");
        return Result(spec, TraceVerdict.Dnat, targets, chains, diagnostics, reason, sp.ServicePortName);
    }

    private static (string? Node, string Source, PacketEntry Entry) Origin(ClusterSnapshot snapshot, TraceOrigin from, string? nodeName, List<Diagnostic> diagnostics)
    {
        string? FallbackNode()
        {
            if (nodeName is not null || snapshot.Nodes.Count == 0)
            {
                return nodeName;
            }

            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"no node given; predicting for node {snapshot.Nodes[0].Name}"));
            return snapshot.Nodes[0].Name;
        }

        string NodeIp(string? node) => snapshot.Nodes.FirstOrDefault(n => n.Name == node)?.InternalIp ?? "node";
        switch (from.Kind)
        {
            case TraceOriginKind.Pod:
                var pod = snapshot.Pods.FirstOrDefault(p => p.Namespace == from.PodNamespace && p.Name == from.PodName);
                if (pod is null)
                {
                    diagnostics.Add(Diagnostic.Warn($"pod {from.PodNamespace}/{from.PodName} not found; treated as a pod on {nodeName ?? "an unknown node"}"));
                    return (FallbackNode(), "pod", PacketEntry.Network);
                }

                if (nodeName is not null && pod.NodeName is not null && nodeName != pod.NodeName)
                {
                    diagnostics.Add(Diagnostic.Warn($"pod {pod.Name} runs on {pod.NodeName}, not {nodeName}; its node's rules apply"));
                }

                return pod.HostNetwork
                    ? (pod.NodeName, NodeIp(pod.NodeName), PacketEntry.Local)
                    : (pod.NodeName ?? nodeName, pod.PodIp ?? "pod", PacketEntry.Network);
            case TraceOriginKind.Node:
                var self = FallbackNode();
                return (self, NodeIp(self), PacketEntry.Local);
            default:
                return (FallbackNode(), "external", PacketEntry.Network);
        }
    }

    private static (string? Destination, int Port, bool External) Destination(ClusterSnapshot snapshot, ModelServicePort sp, TraceOrigin from, string? node, List<Diagnostic> diagnostics)
    {
        if (from.Kind != TraceOriginKind.External)
        {
            return (sp.Service.ClusterIp, sp.Port.Port, false);
        }

        if (sp.Service.LoadBalancerSourceRanges is { Count: > 0 } ranges)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info,
                $"loadBalancerSourceRanges {string.Join(", ", ranges)} filter traffic to the load-balancer IP only, not NodePorts"));
        }

        if (sp.Port.NodePort is { } nodePort and > 0)
        {
            var ip = snapshot.Nodes.FirstOrDefault(n => n.Name == node)?.InternalIp ?? node ?? "node";
            return (ip, nodePort, true);
        }

        var vip = (sp.Service.LoadBalancerIngressIps ?? []).Concat(sp.Service.ExternalIps ?? []).FirstOrDefault();
        return (vip, sp.Port.Port, true);
    }

    private static void Explain(ModelServicePort sp, IReadOnlyList<ModelEndpoint> chosen, string? node, List<Diagnostic> diagnostics)
    {
        if (chosen.All(e => !e.Ready))
        {
            diagnostics.Add(Diagnostic.Warn($"no ready endpoint: kube-proxy falls back to {chosen.Count} serving, terminating endpoint(s)"));
        }

        if (sp.TopologyUsed && ReferenceEquals(chosen, sp.Cluster))
        {
            var zone = sp.Cluster[0].HintZones?.FirstOrDefault(z => sp.Cluster.All(e => e.HintZones!.Contains(z, StringComparer.Ordinal)));
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, string.Create(CultureInfo.InvariantCulture,
                $"topology hints: node {node} is in zone {zone}; {sp.Cluster.Count} of {sp.All.Count(e => e.Ready)} ready endpoints are hinted for it")));
        }

        if (sp.Affinity)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, string.Create(CultureInfo.InvariantCulture,
                $"session affinity ClientIP ({sp.AffinitySeconds} s): the first connection picks with these probabilities, later ones from the same client go to the same endpoint")));
        }
    }

    private static bool Masquerade(TraceOrigin from, ModelEndpoint endpoint, string source, bool external, bool policyLocal, ClusterSnapshot snapshot) => from.Kind switch
    {
        TraceOriginKind.External => !policyLocal,
        TraceOriginKind.Node => true,
        _ => endpoint.Ip == source || (source != "pod" && snapshot.Nodes.Any(n => n.InternalIp == source)),
    };

    private static EndpointTarget Target(ModelEndpoint e, double probability, bool masquerade, string? chain) =>
        new(e.HostPort, probability, masquerade, chain,
            e.TargetRef is { Kind: "Pod" } pod ? pod.Name : null,
            e.TargetRef is { Kind: "Pod" } ns ? ns.Namespace : null,
            e.NodeName);

    private static ServicePortInfo? PickPort(ServiceInfo service, string? port, List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrEmpty(port))
        {
            if (service.Ports.Count > 1)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info,
                    $"{service.Key} has {service.Ports.Count} ports; tracing the first ({service.Ports[0].Name ?? service.Ports[0].Port.ToString(CultureInfo.InvariantCulture)})"));
            }

            return service.Ports.FirstOrDefault();
        }

        var match = service.Ports.FirstOrDefault(p => p.Name == port)
            ?? service.Ports.FirstOrDefault(p => p.Port.ToString(CultureInfo.InvariantCulture) == port);
        if (match is null)
        {
            diagnostics.Add(Diagnostic.Fail($"{service.Key} has no port named or numbered {port}"));
        }

        return match;
    }

    private static ServiceTrace Result(PacketSpec packet, TraceVerdict verdict, IReadOnlyList<EndpointTarget> targets, IReadOnlyList<string> chains, List<Diagnostic> diagnostics, string reason, string? service) =>
        new(packet, verdict, targets, chains, [], diagnostics, Method, reason, service);
}
