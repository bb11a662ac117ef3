using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Model;

/// <summary>Builds small cluster models for the generator, tracer and model-tracer tests.</summary>
internal static class ModelScenario
{
    public const string Node = "node-a";
    public const string OtherNode = "node-b";
    public const string ClusterCidr = "10.244.0.0/16";
    public const string NodeIp = "192.168.50.1";

    public static ClusterSnapshot Snapshot(IEnumerable<ServiceInfo> services, IEnumerable<EndpointSliceInfo> slices, IEnumerable<PodInfo>? pods = null) =>
        new(new SourceInfo(SourceKind.Lab, "nft-tests"),
            [
                new NodeInfo(Node, [new NodeAddress("InternalIP", NodeIp)], ["10.244.1.0/24"], true, Zone: "zone-a"),
                new NodeInfo(OtherNode, [new NodeAddress("InternalIP", "192.168.50.9")], ["10.244.2.0/24"], true, Zone: "zone-b"),
            ],
            pods?.ToList() ?? [],
            services.ToList(),
            slices.ToList(),
            new ProxyModeInfo(ProxyMode.Nftables, "test"));

    public static ServiceInfo Service(string name, string clusterIp, params ServicePortInfo[] ports) =>
        new("demo", name, "ClusterIP", clusterIp, ports, new Dictionary<string, string> { ["app"] = name });

    public static ServicePortInfo Port(string? name, int port, string protocol = "TCP", int? nodePort = null) =>
        new(name, protocol, port, null, nodePort);

    public static EndpointSliceInfo Slice(string service, IEnumerable<EndpointPortInfo> ports, params EndpointInfo[] endpoints) =>
        new("demo", service + "-abc", service, "IPv4", ports.ToList(), endpoints);

    public static EndpointPortInfo SlicePort(string? name, int port, string protocol = "TCP") => new(name, protocol, port);

    public static EndpointInfo Endpoint(string ip, string node = Node, bool ready = true, bool? serving = null, bool? terminating = null, string? zone = null, string[]? hints = null) =>
        new([ip], ready, serving, terminating, node, zone, null, new EndpointTargetRef("Pod", "demo", "pod-" + ip.Replace('.', '-')), hints);

    public static ProxyGeneratorOptions Options(string node = Node, bool masqueradeAll = false) =>
        new(node, ClusterCidr, [NodeIp], masqueradeAll);
}
