using System.Text.Json;
using Companion.Cluster.Sources;
using Companion.Core.Kube;
using Companion.Core.Model;
using k8s;
using k8s.Models;

namespace Companion.Cluster.Mapping;

/// <summary>
/// The single mapping from Kubernetes API objects to Core records, used for live and recorded data alike.
/// Deserialization goes through <see cref="KubernetesJson"/>, exactly as KubernetesClient does for live calls.
/// </summary>
public static class KubeMapper
{
    /// <summary>Maps raw API JSON to a snapshot. <paramref name="namespace"/> limits namespaced objects (null: all).</summary>
    /// <exception cref="ClusterAccessException">A part is not the JSON the API returns.</exception>
    public static ClusterSnapshot ToSnapshot(RawClusterData raw, SourceInfo source, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(source);
        var nodes = Deserialize<V1NodeList>(raw.NodesJson, RawClusterData.NodesFile).Items ?? [];
        var pods = Deserialize<V1PodList>(raw.PodsJson, RawClusterData.PodsFile).Items ?? [];
        var services = Deserialize<V1ServiceList>(raw.ServicesJson, RawClusterData.ServicesFile).Items ?? [];
        var slices = Deserialize<V1EndpointSliceList>(raw.EndpointSlicesJson, RawClusterData.EndpointSlicesFile).Items ?? [];
        var configMaps = raw.KubeSystemConfigMapsJson is null ? null : Deserialize<V1ConfigMapList>(raw.KubeSystemConfigMapsJson, RawClusterData.ConfigMapsFile).Items ?? [];
        var daemonSets = raw.KubeSystemDaemonSetsJson is null ? null : Deserialize<V1DaemonSetList>(raw.KubeSystemDaemonSetsJson, RawClusterData.DaemonSetsFile).Items ?? [];
        var version = raw.VersionJson is null ? null : Deserialize<VersionInfo>(raw.VersionJson, RawClusterData.VersionFile).GitVersion;

        bool InScope(V1ObjectMeta? m) => @namespace is null || m?.NamespaceProperty == @namespace;
        var mappedServices = services.Select(ToService).ToList();
        return new ClusterSnapshot(
            source,
            [.. nodes.Select(ToNode)],
            [.. pods.Where(p => InScope(p.Metadata)).Select(ToPod)],
            [.. mappedServices.Where(s => @namespace is null || s.Namespace == @namespace)],
            [.. slices.Where(s => InScope(s.Metadata)).Select(ToSlice)],
            DetectProxyMode(configMaps, daemonSets),
            ToDns(mappedServices, configMaps, daemonSets),
            version);
    }

    public static NodeInfo ToNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var labels = Labels(node.Metadata);
        var cidrs = node.Spec?.PodCIDRs is { Count: > 0 } list ? list.ToList()
            : node.Spec?.PodCIDR is { } one ? [one] : [];
        return new NodeInfo(
            node.Metadata?.Name ?? "",
            [.. (node.Status?.Addresses ?? []).Select(a => new NodeAddress(a.Type ?? "", a.Address ?? ""))],
            cidrs,
            node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false,
            node.Status?.NodeInfo?.KernelVersion,
            node.Status?.NodeInfo?.KubeProxyVersion,
            node.Status?.NodeInfo?.KubeletVersion,
            labels.GetValueOrDefault("topology.kubernetes.io/zone") ?? labels.GetValueOrDefault("failure-domain.beta.kubernetes.io/zone"),
            labels);
    }

    public static PodInfo ToPod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod.Spec;
        var status = pod.Status;
        var ports = (spec?.Containers ?? []).SelectMany(c => (c.Ports ?? []).Select(p => new ContainerPortInfo(c.Name ?? "", p.Name, p.ContainerPort, p.Protocol ?? "TCP")));
        var dns = spec?.DnsConfig is { } d
            ? new PodDnsConfig([.. d.Nameservers ?? []], [.. d.Searches ?? []], [.. (d.Options ?? []).Select(o => new PodDnsOption(o.Name ?? "", o.Value))])
            : null;
        return new PodInfo(
            pod.Metadata?.NamespaceProperty ?? "default",
            pod.Metadata?.Name ?? "",
            spec?.NodeName,
            status?.PodIP,
            status?.Phase ?? "Unknown",
            status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false,
            (status?.ContainerStatuses ?? []).Sum(c => c.RestartCount),
            Labels(pod.Metadata),
            [.. ports],
            spec?.HostNetwork ?? false,
            spec?.DnsPolicy ?? "ClusterFirst",
            dns,
            spec?.Hostname,
            spec?.Subdomain,
            status?.PodIPs?.Select(p => p.Ip).ToList(),
            status?.StartTime is { } start ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) : null);
    }

    public static ServiceInfo ToService(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service.Spec;
        return new ServiceInfo(
            service.Metadata?.NamespaceProperty ?? "default",
            service.Metadata?.Name ?? "",
            spec?.Type ?? "ClusterIP",
            spec?.ClusterIP,
            [.. (spec?.Ports ?? []).Select(p => new ServicePortInfo(p.Name, p.Protocol ?? "TCP", p.Port, p.TargetPort?.Value, p.NodePort))],
            spec?.Selector is { } sel ? new Dictionary<string, string>(sel) : new Dictionary<string, string>(),
            spec?.ExternalTrafficPolicy ?? "Cluster",
            spec?.InternalTrafficPolicy ?? "Cluster",
            spec?.SessionAffinity ?? "None",
            spec?.SessionAffinityConfig?.ClientIP?.TimeoutSeconds,
            spec?.ExternalIPs?.ToList(),
            service.Status?.LoadBalancer?.Ingress?.Select(i => i.Ip).OfType<string>().ToList(),
            spec?.LoadBalancerSourceRanges?.ToList(),
            spec?.ExternalName,
            spec?.HealthCheckNodePort,
            spec?.PublishNotReadyAddresses ?? false,
            Labels(service.Metadata),
            spec?.ClusterIPs?.ToList());
    }

    public static EndpointSliceInfo ToSlice(V1EndpointSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var labels = Labels(slice.Metadata);
        return new EndpointSliceInfo(
            slice.Metadata?.NamespaceProperty ?? "default",
            slice.Metadata?.Name ?? "",
            labels.GetValueOrDefault("kubernetes.io/service-name"),
            slice.AddressType ?? "IPv4",
            [.. (slice.Ports ?? []).Select(p => new EndpointPortInfo(p.Name, p.Protocol ?? "TCP", p.Port))],
            [.. (slice.Endpoints ?? []).Select(e => new EndpointInfo(
                [.. e.Addresses ?? []],
                e.Conditions?.Ready,
                e.Conditions?.Serving,
                e.Conditions?.Terminating,
                e.NodeName,
                e.Zone,
                e.Hostname,
                e.TargetRef is { } t ? new EndpointTargetRef(t.Kind ?? "", t.NamespaceProperty, t.Name ?? "") : null,
                e.Hints?.ForZones?.Select(z => z.Name).ToList(),
                e.Hints?.ForNodes?.Select(n => n.Name).ToList()))],
            labels);
    }

    private static ProxyModeInfo DetectProxyMode(IList<V1ConfigMap>? configMaps, IList<V1DaemonSet>? daemonSets)
    {
        var configMap = configMaps?.FirstOrDefault(c => c.Metadata?.Name == "kube-proxy");
        var config = configMap?.Data?.FirstOrDefault(kv => kv.Key == "config.conf").Value
            ?? configMap?.Data?.Values.FirstOrDefault(v => v.Contains("KubeProxyConfiguration", StringComparison.Ordinal));
        var kubeProxy = daemonSets?.FirstOrDefault(d => d.Metadata?.Name == "kube-proxy");
        var container = kubeProxy?.Spec?.Template?.Spec?.Containers?.FirstOrDefault(c => c.Name == "kube-proxy")
            ?? kubeProxy?.Spec?.Template?.Spec?.Containers?.FirstOrDefault();
        IReadOnlyList<string>? args = kubeProxy is null ? null : [.. container?.Command ?? [], .. container?.Args ?? []];
        if (configMaps is null && daemonSets is null)
        {
            return new ProxyModeInfo(ProxyMode.Unknown, "kube-system ConfigMaps and DaemonSets could not be read");
        }

        return ProxyModeDetector.Detect(
            configMap is null ? null : $"kube-system/{configMap.Metadata.Name}",
            config,
            args,
            [.. (daemonSets ?? []).Select(d => d.Metadata?.Name ?? "")]);
    }

    private static ClusterDnsInfo? ToDns(List<ServiceInfo> services, IList<V1ConfigMap>? configMaps, IList<V1DaemonSet>? daemonSets)
    {
        var service = services.FirstOrDefault(s => s.Namespace == "kube-system" && s.Name == "kube-dns")
            ?? services.FirstOrDefault(s => s.Namespace == "kube-system" && s.Labels?.GetValueOrDefault("k8s-app") == "kube-dns");
        var corefile = configMaps?.FirstOrDefault(c => c.Metadata?.Name == "coredns")?.Data is { } coreData && coreData.TryGetValue("Corefile", out var cf) ? cf : null;
        var nodeLocal = daemonSets?.FirstOrDefault(d => d.Metadata?.Name == "node-local-dns");
        if (service is null && corefile is null && nodeLocal is null)
        {
            return null;
        }

        var nodeLocalArgs = nodeLocal?.Spec?.Template?.Spec?.Containers?.SelectMany(c => c.Args ?? []).ToList() ?? [];
        var localIp = nodeLocalArgs.SkipWhile(a => a != "-localip").Skip(1).FirstOrDefault()?.Split(',')[0];
        return new ClusterDnsInfo(service?.Namespace, service?.Name, service?.ClusterIp, ClusterDomain(corefile), corefile, nodeLocal is not null, localIp);
    }

    /// <summary>The zone of the Corefile's <c>kubernetes</c> plugin ("cluster.local" when absent).</summary>
    public static string ClusterDomain(string? corefile)
    {
        foreach (var line in (corefile ?? "").Split('\n'))
        {
            var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0] == "kubernetes")
            {
                return words[1].TrimEnd('.');
            }
        }

        return "cluster.local";
    }

    private static T Deserialize<T>(string json, string what)
    {
        try
        {
            return KubernetesJson.Deserialize<T>(json) ?? throw ClusterAccessException.Malformed(what, "empty document");
        }
        catch (JsonException ex)
        {
            throw ClusterAccessException.Malformed(what, $"not Kubernetes API JSON ({ex.Message.Split('.')[0]})", ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or NotSupportedException)
        {
            throw ClusterAccessException.Malformed(what, ex.GetType().Name, ex);
        }
    }

    private static Dictionary<string, string> Labels(V1ObjectMeta? meta) =>
        meta?.Labels is { } labels ? new Dictionary<string, string>(labels) : [];
}
