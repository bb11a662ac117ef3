namespace Companion.Core.Model;

/// <summary>
/// <c>describe service NAME</c>: the Service, its EndpointSlices, the Pods they point at, and those Pods' Nodes.
/// <code>Service → EndpointSlices (kubernetes.io/service-name) → Pods (targetRef) → Nodes (nodeName)</code>
/// </summary>
public sealed record ServiceDescription(
    SourceInfo Source,
    ServiceInfo Service,
    IReadOnlyList<EndpointSliceInfo> Slices,
    IReadOnlyList<PodInfo> Pods,
    IReadOnlyList<NodeInfo> Nodes)
{
    /// <summary>Walks the snapshot from one Service; null when the Service does not exist.</summary>
    public static ServiceDescription? Walk(ClusterSnapshot snapshot, string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var service = snapshot.Services.FirstOrDefault(s => s.Namespace == @namespace && s.Name == name);
        if (service is null)
        {
            return null;
        }

        var slices = snapshot.SlicesFor(service).ToList();
        var podNames = slices.SelectMany(s => s.Endpoints)
            .Where(e => e.TargetRef is { Kind: "Pod" })
            .Select(e => (e.TargetRef!.Namespace ?? service.Namespace, e.TargetRef.Name))
            .ToHashSet();
        var pods = snapshot.Pods.Where(p => podNames.Contains((p.Namespace, p.Name))).ToList();
        var nodeNames = pods.Select(p => p.NodeName)
            .Concat(slices.SelectMany(s => s.Endpoints).Select(e => e.NodeName))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var nodes = snapshot.Nodes.Where(n => nodeNames.Contains(n.Name)).ToList();
        return new ServiceDescription(snapshot.Source, service, slices, pods, nodes);
    }
}
