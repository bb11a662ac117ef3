using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy;

/// <summary>Builds small cluster models for generator, tracer and kernel tests: services with endpoints on named nodes.</summary>
internal sealed class ProxyScenario
{
    public const string Node = "node-a";
    public const string OtherNode = "node-b";
    public const string NodeIp = "192.168.50.2";
    public const string ClusterCidr = "10.244.0.0/16";

    private readonly List<ServiceInfo> _services = [];
    private readonly List<EndpointSliceInfo> _slices = [];

    public ProxyScenario Service(ServiceInfo service, params (string Ip, string? Node, bool Ready)[] endpoints)
    {
        _services.Add(service);
        var ports = service.Ports.Select(p => new EndpointPortInfo(p.Name, p.Protocol, int.TryParse(p.TargetPort, out var t) ? t : p.Port)).ToList();
        var eps = endpoints.Select(e => new EndpointInfo([e.Ip], e.Ready, e.Ready, !e.Ready, e.Node)).ToList();
        _slices.Add(new EndpointSliceInfo(service.Namespace, service.Name + "-abcde", service.Name, "IPv4", ports, eps));
        return this;
    }

    public ProxyScenario ServiceWithTerminating(ServiceInfo service, params (string Ip, string? Node, bool Ready, bool Serving, bool Terminating)[] endpoints)
    {
        _services.Add(service);
        var ports = service.Ports.Select(p => new EndpointPortInfo(p.Name, p.Protocol, int.TryParse(p.TargetPort, out var t) ? t : p.Port)).ToList();
        var eps = endpoints.Select(e => new EndpointInfo([e.Ip], e.Ready, e.Serving, e.Terminating, e.Node)).ToList();
        _slices.Add(new EndpointSliceInfo(service.Namespace, service.Name + "-abcde", service.Name, "IPv4", ports, eps));
        return this;
    }

    public ClusterSnapshot Build() => new(
        new SourceInfo(SourceKind.Lab, "test"),
        [new NodeInfo(Node, [new NodeAddress("InternalIP", NodeIp)], ["10.244.1.0/24"], true)],
        [],
        _services,
        _slices,
        new ProxyModeInfo(ProxyMode.Iptables, "test"));

    public static ProxyGeneratorOptions Options(bool masqueradeAll = false) => new(Node, ClusterCidr, [NodeIp], masqueradeAll);

    public static ServiceInfo ClusterIp(string name, string ip, int port = 80, int targetPort = 8080, string protocol = "TCP", string? portName = "http") =>
        new("demo", name, "ClusterIP", ip, [new ServicePortInfo(portName, protocol, port, targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture))], new Dictionary<string, string> { ["app"] = name });

    public static ServiceInfo NodePort(string name, string ip, int nodePort, string etp = "Cluster", int port = 80, int targetPort = 8080) =>
        ClusterIp(name, ip, port, targetPort) with
        {
            Type = "NodePort",
            Ports = [new ServicePortInfo("http", "TCP", port, targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture), nodePort)],
            ExternalTrafficPolicy = etp,
        };
}
