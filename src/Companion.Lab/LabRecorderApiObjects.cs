using System.Globalization;
using Companion.Cluster.Sources;
using Companion.Core.Model;
using k8s;
using k8s.Models;

namespace Companion.Lab;

/// <summary>
/// The lab's objects as the Kubernetes API returns them: KubernetesClient model objects (V1NodeList, V1PodList,
/// V1ServiceList, discovery.k8s.io/v1 EndpointSliceList, the kube-proxy ConfigMap with the mode) serialized with
/// <see cref="KubernetesJson"/>, so a recording of the lab replays through the same KubeMapper as a real cluster.
/// </summary>
public static class LabRecorderApiObjects
{
    public static RawClusterData ToRaw(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var nodes = new V1NodeList { ApiVersion = "v1", Kind = "NodeList", Metadata = ListMeta(), Items = [.. snapshot.Nodes.Select(Node)] };
        var pods = new V1PodList { ApiVersion = "v1", Kind = "PodList", Metadata = ListMeta(), Items = [.. snapshot.Pods.Select(Pod)] };
        var services = new V1ServiceList { ApiVersion = "v1", Kind = "ServiceList", Metadata = ListMeta(), Items = [.. snapshot.Services.Select(Service)] };
        var slices = new V1EndpointSliceList { ApiVersion = "discovery.k8s.io/v1", Kind = "EndpointSliceList", Metadata = ListMeta(), Items = [.. snapshot.EndpointSlices.Select(Slice)] };
        var mode = snapshot.ProxyMode.Mode.ToString().ToLowerInvariant();
        var config = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "kube-proxy", NamespaceProperty = "kube-system", Labels = new Dictionary<string, string> { ["app"] = "kube-proxy" } },
            Data = new Dictionary<string, string>
            {
                ["config.conf"] = $"apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: \"\"\nmode: {mode}\n",
            },
        };
        var configMaps = new V1ConfigMapList { ApiVersion = "v1", Kind = "ConfigMapList", Metadata = ListMeta(), Items = [config] };
        var version = "{\n  \"major\": \"1\",\n  \"minor\": \"0\",\n  \"gitVersion\": \"" + (snapshot.ServerVersion ?? "lab") + "\",\n  \"platform\": \"linux/amd64\"\n}";
        return new RawClusterData(
            KubernetesJson.Serialize(nodes),
            KubernetesJson.Serialize(pods),
            KubernetesJson.Serialize(services),
            KubernetesJson.Serialize(slices),
            KubernetesJson.Serialize(configMaps),
            null,
            version);
    }

    private static V1ListMeta ListMeta() => new() { ResourceVersion = "1" };

    private static V1Node Node(NodeInfo n) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = n.Name, Labels = Dict(n.Labels) },
        Spec = new V1NodeSpec { PodCIDR = n.PodCidrs.FirstOrDefault(), PodCIDRs = [.. n.PodCidrs] },
        Status = new V1NodeStatus
        {
            Addresses = [.. n.Addresses.Select(a => new V1NodeAddress { Address = a.Address, Type = a.Type })],
            Conditions = [new V1NodeCondition { Type = "Ready", Status = n.Ready ? "True" : "False", Reason = "LabUp" }],
        },
    };

    private static V1Pod Pod(PodInfo p)
    {
        List<V1Container> containers = [.. p.ContainerPorts.GroupBy(c => c.Container).Select(g => new V1Container
        {
            Name = g.Key,
            Ports = [.. g.Select(c => new V1ContainerPort { ContainerPort = c.Port, Name = c.Name, Protocol = c.Protocol })],
        })];
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = p.Name, NamespaceProperty = p.Namespace, Labels = Dict(p.Labels) },
            Spec = new V1PodSpec
            {
                Containers = containers.Count > 0 ? containers : [new V1Container { Name = "app" }],
                DnsPolicy = p.DnsPolicy,
                HostNetwork = p.HostNetwork ? true : null,
                NodeName = p.NodeName,
            },
            Status = new V1PodStatus
            {
                Conditions = [new V1PodCondition { Type = "Ready", Status = p.Ready ? "True" : "False" }],
                Phase = p.Phase,
                PodIP = p.PodIp,
                PodIPs = p.PodIps?.Select(ip => new V1PodIP { Ip = ip }).ToList(),
            },
        };
    }

    private static V1Service Service(ServiceInfo s) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = s.Name, NamespaceProperty = s.Namespace, Labels = Dict(s.Labels) },
        Spec = new V1ServiceSpec
        {
            ClusterIP = s.ClusterIp,
            ClusterIPs = s.ClusterIps?.ToList(),
            InternalTrafficPolicy = s.InternalTrafficPolicy,
            Ports = [.. s.Ports.Select(p => new V1ServicePort { Port = p.Port, Name = p.Name, Protocol = p.Protocol, TargetPort = TargetPort(p.TargetPort) })],
            Selector = Dict(s.Selector),
            SessionAffinity = s.SessionAffinity,
            Type = s.Type,
        },
    };

    private static V1EndpointSlice Slice(EndpointSliceInfo e) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        AddressType = e.AddressType,
        Metadata = new V1ObjectMeta { Name = e.Name, NamespaceProperty = e.Namespace, Labels = Dict(e.Labels) },
        Endpoints = [.. e.Endpoints.Select(x => new V1Endpoint
        {
            Addresses = [.. x.Addresses],
            Conditions = new V1EndpointConditions { Ready = x.Ready, Serving = x.Serving, Terminating = x.Terminating },
            NodeName = x.NodeName,
            TargetRef = x.TargetRef is { } t ? new V1ObjectReference { Kind = t.Kind, Name = t.Name, NamespaceProperty = t.Namespace } : null,
        })],
        Ports = [.. e.Ports.Select(p => new Discoveryv1EndpointPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol })],
    };

    private static IntOrString? TargetPort(string? value) =>
        value is null ? null : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (IntOrString)n : (IntOrString)value;

    private static Dictionary<string, string>? Dict(IReadOnlyDictionary<string, string>? d) =>
        d is null || d.Count == 0 ? null : d.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
