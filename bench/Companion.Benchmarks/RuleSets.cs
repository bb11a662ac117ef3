using System.Globalization;
using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Benchmarks;

/// <summary>
/// The benchmark cluster: N ClusterIP Services with 3 local endpoints each, the same shape as the scale tests
/// (IptablesScaleTests, NftScaleBenchmark), rendered by the project's own generators.
/// </summary>
public static class RuleSets
{
    public const string Node = "node-a";
    public const string Client = "10.244.1.20";

    public static ProxyGeneratorOptions Options { get; } = new(Node, "10.244.0.0/16", ["192.168.50.1"]);

    public static string ServiceIp(int i) => string.Create(CultureInfo.InvariantCulture, $"10.96.{i / 250}.{(i % 250) + 1}");

    public static string EndpointIp(int i, int k) => string.Create(CultureInfo.InvariantCulture, $"10.{100 + k}.{i / 250}.{(i % 250) + 1}");

    public static ClusterSnapshot Snapshot(int services, ProxyMode mode)
    {
        var svcs = new List<ServiceInfo>(services);
        var slices = new List<EndpointSliceInfo>(services);
        for (var i = 0; i < services; i++)
        {
            var name = "svc" + i.ToString("D5", CultureInfo.InvariantCulture);
            svcs.Add(new ServiceInfo("demo", name, "ClusterIP", ServiceIp(i), [new ServicePortInfo("http", "TCP", 80, "8080", null)], new Dictionary<string, string> { ["app"] = name }));
            var endpoints = Enumerable.Range(0, 3).Select(k => new EndpointInfo([EndpointIp(i, k)], true, true, false, Node)).ToList();
            slices.Add(new EndpointSliceInfo("demo", name + "-abc", name, "IPv4", [new EndpointPortInfo("http", "TCP", 8080)], endpoints));
        }

        return new ClusterSnapshot(new SourceInfo(SourceKind.Lab, "bench"),
            [new NodeInfo(Node, [new NodeAddress("InternalIP", "192.168.50.1")], ["10.244.1.0/24"], true)],
            [], svcs, slices, new ProxyModeInfo(mode, "bench"));
    }

    public static string Generate(string format, int services) => format switch
    {
        "iptables" => KubeProxyIptablesGenerator.Generate(Snapshot(services, ProxyMode.Iptables), Options),
        "nft" => KubeProxyNftGenerator.Generate(Snapshot(services, ProxyMode.Nftables), Options),
        _ => throw new ArgumentException("format must be iptables or nft", nameof(format)),
    };

    /// <summary>A packet to the i-th Service's ClusterIP.</summary>
    public static PacketSpec Packet(int i) => new(Client, ServiceIp(i), "tcp", 80);
}
