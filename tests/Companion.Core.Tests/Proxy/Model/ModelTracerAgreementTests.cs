using Companion.Core.Model;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Model.ModelScenario;

namespace Companion.Core.Tests.Proxy.Model;

/// <summary>
/// The prediction from API objects must agree with tracing the rules kube-proxy would write for the same objects
/// (nftables generator → NftTracer, iptables generator → IptablesTracer): same verdict, endpoints, shares and masquerade.
/// The rule tracers are themselves checked against the kernel in Proxy/Kernel.
/// </summary>
public sealed class ModelTracerAgreementTests
{
    private const string PodIp = "10.244.1.50";
    private const string OutsideIp = "192.168.50.99";

    public static TheoryData<string> Scenarios => [.. Catalogue().Keys];

    private static Dictionary<string, ClusterSnapshot> Catalogue()
    {
        ServiceInfo Web(int? nodePort = null) => Service("web", "10.96.0.10", Port("http", 80, nodePort: nodePort)) with { Type = nodePort is null ? "ClusterIP" : "NodePort" };
        EndpointSliceInfo Eps(params EndpointInfo[] endpoints) => Slice("web", [SlicePort("http", 8080)], endpoints);
        var pod = new PodInfo("demo", "client", Node, PodIp, "Running", true, 0, new Dictionary<string, string>(), []);
        ClusterSnapshot S(ServiceInfo service, params EndpointSliceInfo[] slices) => Snapshot([service], slices, [pod]);
        return new Dictionary<string, ClusterSnapshot>(StringComparer.Ordinal)
        {
            ["one endpoint"] = S(Web(), Eps(Endpoint("10.244.1.10"))),
            ["five endpoints on two nodes"] = S(Web(), Eps(Endpoint("10.244.1.10"), Endpoint("10.244.1.11"), Endpoint("10.244.1.9"), Endpoint("10.244.2.5", OtherNode), Endpoint("10.244.2.6", OtherNode))),
            ["not ready endpoints ignored"] = S(Web(), Eps(Endpoint("10.244.1.10"), Endpoint("10.244.1.11", ready: false))),
            ["terminating fallback"] = S(Web(), Eps(Endpoint("10.244.1.10", ready: false, serving: true, terminating: true), Endpoint("10.244.1.11", ready: false, serving: false))),
            ["no endpoints"] = S(Web()),
            ["internal policy local with a local endpoint"] = S(Web() with { InternalTrafficPolicy = "Local" }, Eps(Endpoint("10.244.1.10"), Endpoint("10.244.2.5", OtherNode))),
            ["internal policy local without one"] = S(Web() with { InternalTrafficPolicy = "Local" }, Eps(Endpoint("10.244.2.5", OtherNode))),
            ["node port"] = S(Web(30080), Eps(Endpoint("10.244.1.10"), Endpoint("10.244.2.5", OtherNode))),
            ["node port, external policy local"] = S(Web(30080) with { ExternalTrafficPolicy = "Local" }, Eps(Endpoint("10.244.1.10"), Endpoint("10.244.1.11"), Endpoint("10.244.2.5", OtherNode))),
            ["node port, external policy local, none here"] = S(Web(30080) with { ExternalTrafficPolicy = "Local" }, Eps(Endpoint("10.244.2.5", OtherNode))),
            ["session affinity"] = S(Web() with { SessionAffinity = "ClientIP" }, Eps(Endpoint("10.244.1.10"), Endpoint("10.244.1.11"))),
            ["topology hints"] = S(Web(), Eps(Endpoint("10.244.1.10", hints: ["zone-a"]), Endpoint("10.244.2.5", OtherNode, hints: ["zone-b"]))),
        };
    }

    private static IEnumerable<(TraceOrigin Origin, PacketEntry Entry, string Source)> Origins(ClusterSnapshot snapshot)
    {
        yield return (TraceOrigin.Pod("demo", "client"), PacketEntry.Network, PodIp);
        yield return (TraceOrigin.Node, PacketEntry.Local, NodeIp);
        if (snapshot.Services[0].Ports[0].NodePort is not null)
        {
            yield return (TraceOrigin.External, PacketEntry.Network, OutsideIp);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void agrees_with_the_nft_tracer_on_the_generated_nftables_rules(string scenario)
    {
        // Given
        var snapshot = Catalogue()[scenario];
        var rules = NftRulesetParser.Parse(KubeProxyNftGenerator.Generate(snapshot, Options())).Value;

        foreach (var (origin, entry, source) in Origins(snapshot))
        {
            // When
            var predicted = ModelTracer.TraceService(snapshot, "demo", "web", null, origin, Node);
            var traced = NftTracer.Trace(rules, predicted.Packet with { Source = source, Entry = entry, LocalAddresses = [NodeIp] });

            // Then
            Compare(predicted, traced, $"{scenario}, from {origin}");
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void agrees_with_the_iptables_tracer_on_the_generated_iptables_rules(string scenario)
    {
        // KubeProxyIptablesGenerator does not apply zone hints yet (reported to its owner); the nft generator does.
        Assert.SkipWhen(scenario == "topology hints", "the iptables generator ignores topology hints");

        // Given
        var snapshot = Catalogue()[scenario];
        var parsed = IptablesSaveParser.Parse(KubeProxyIptablesGenerator.Generate(snapshot, Options()));

        foreach (var (origin, entry, source) in Origins(snapshot))
        {
            // When
            var predicted = ModelTracer.TraceService(snapshot, "demo", "web", null, origin, Node);
            var traced = IptablesTracer.Trace(parsed.Value, predicted.Packet with { Source = source, Entry = entry, LocalAddresses = [NodeIp] });

            // Then
            Compare(predicted, traced, $"{scenario}, from {origin}");
        }
    }

    internal static void Compare(ServiceTrace predicted, ServiceTrace traced, string because)
    {
        traced.Verdict.Should().Be(predicted.Verdict, because);
        traced.Targets.Select(t => (t.Endpoint, Math.Round(t.Probability, 6), t.Masquerade))
            .Should().BeEquivalentTo(predicted.Targets.Select(t => (t.Endpoint, Math.Round(t.Probability, 6), t.Masquerade)), because);
    }
}
