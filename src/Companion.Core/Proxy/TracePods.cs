using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>Names the pod and node behind each endpoint of a trace, from a cluster snapshot (matched by pod IP).</summary>
public static class TracePods
{
    public static ServiceTrace Attach(ServiceTrace trace, ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(snapshot);
        var byIp = new Dictionary<string, PodInfo>(StringComparer.Ordinal);
        foreach (var pod in snapshot.Pods.Where(p => !p.HostNetwork))
        {
            foreach (var ip in (pod.PodIps ?? []).Append(pod.PodIp).OfType<string>())
            {
                byIp.TryAdd(ip, pod);
            }
        }

        var targets = trace.Targets.Select(t =>
        {
            var colon = t.Endpoint.LastIndexOf(':');
            var ip = (colon > 0 ? t.Endpoint[..colon] : t.Endpoint).Trim('[', ']');
            return byIp.TryGetValue(ip, out var pod) ? t with { PodName = pod.Name, PodNamespace = pod.Namespace, NodeName = pod.NodeName } : t;
        }).ToList();
        return trace with { Targets = targets };
    }
}
