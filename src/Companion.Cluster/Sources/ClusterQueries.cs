using Companion.Core.Kube;
using Companion.Core.Model;

namespace Companion.Cluster.Sources;

/// <summary>
/// The inventory questions every front end asks (magic commands, CLI, C# cells), answered the same way for any source.
/// Each returns Core records; filtering by label selector happens here, identically for live and recorded data.
/// </summary>
public static class ClusterQueries
{
    /// <summary>
    /// A snapshot with pods, services, slices and nodes filtered by a label selector (null: everything). A slice is kept when
    /// its own labels match or it belongs to a kept Service, so a Service's endpoint conditions survive the filter.
    /// </summary>
    public static async Task<ClusterSnapshot> GetAsync(IClusterSource source, string? @namespace, LabelSelector? selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var snapshot = await source.GetSnapshotAsync(@namespace, cancellationToken).ConfigureAwait(false);
        if (selector is null || selector.Requirements.Count == 0)
        {
            return snapshot;
        }

        var services = snapshot.Services.Where(s => selector.Matches(s.Labels)).ToList();
        var serviceKeys = services.Select(s => (s.Namespace, s.Name)).ToHashSet();
        return snapshot with
        {
            Pods = [.. snapshot.Pods.Where(p => selector.Matches(p.Labels))],
            Services = services,
            EndpointSlices = [.. snapshot.EndpointSlices.Where(s => selector.Matches(s.Labels) || serviceKeys.Contains((s.Namespace, s.ServiceName ?? "")))],
            Nodes = [.. snapshot.Nodes.Where(n => selector.Matches(n.Labels))],
        };
    }

    /// <summary>Service → EndpointSlices → Pods → Nodes; null when the service does not exist.</summary>
    public static async Task<ServiceDescription?> DescribeServiceAsync(IClusterSource source, string @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var snapshot = await source.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        return ServiceDescription.Walk(snapshot, @namespace, name);
    }

    /// <summary>
    /// A pod's effective DNS config: kubelet's rules applied with the cluster DNS Service IP, the Corefile's domain and,
    /// when the source has a dump of the pod's node, that node's resolv.conf. Null when the pod does not exist.
    /// </summary>
    public static async Task<EffectivePodDns?> GetPodDnsAsync(IClusterSource source, ClusterSnapshot snapshot, string @namespace, string podName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(snapshot);
        var pod = snapshot.Pods.FirstOrDefault(p => p.Namespace == @namespace && p.Name == podName);
        if (pod is null)
        {
            return null;
        }

        var nodeDump = pod.NodeName is null ? null : await source.GetNodeDumpAsync(pod.NodeName, cancellationToken).ConfigureAwait(false);
        var dns = snapshot.Dns;
        var settings = new KubeletDnsSettings(
            dns?.NodeLocalDnsCache == true && dns.NodeLocalAddress is { } local ? [local] : dns?.ClusterIp is { } ip ? [ip] : [],
            dns?.ClusterDomain ?? "cluster.local",
            nodeDump?.ResolvConf);
        return PodResolvConf.Build(pod, settings);
    }
}
