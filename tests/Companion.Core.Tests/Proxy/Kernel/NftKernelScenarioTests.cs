using Companion.Core.Model;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Kernel.NftKernelLab;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>The other Service shapes in nftables mode, each checked the same way: the kernel's behaviour against NftTracer.</summary>
[Collection("nft-kernel")]
public sealed class NftKernelScenarioTests
{
    private const string Cip = "10.96.0.10";
    private const string Local1 = "10.244.1.10";
    private const string Local2 = "10.244.1.11";
    private const string Remote = "10.244.2.5";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void SkipUnlessRoot() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");

    private static (string, string?, bool)[] Eps(params (string Ip, string Node)[] eps) => [.. eps.Select(e => (e.Ip, (string?)e.Node, true))];

    private static Task<List<Observation>> ManyAsync(KubeProxyLab lab, string ns, string dst, int port, int count, string proto = "tcp") =>
        NftKernelTests.ConnectManyAsync(lab, ns, dst, port, count, proto);

    [Fact]
    public async Task a_node_port_from_outside_is_dnatted_and_masqueraded()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.NodePort("web", Cip, 30080), Eps((Local1, ProxyScenario.Node), (Remote, ProxyScenario.OtherNode)));
        var (lab, listed, _) = await StartAsync(scenario.Build(), [Local1, Remote], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ExternalIp, ProxyScenario.NodeIp, 30080));
        var observed = await ManyAsync(lab, lab.ExternalNs, ProxyScenario.NodeIp, 30080, 200);

        // Then
        trace.Verdict.Should().Be(TraceVerdict.Dnat);
        trace.Targets.Should().OnlyContain(t => t.Masquerade);
        observed.Should().OnlyContain(o => o.SeenSource == KubeProxyLab.Gateway);
        KernelCheck.FitsPrediction(KernelCheck.CountBy(observed, o => o.Endpoint), trace.Targets);
    }

    [Fact]
    public async Task external_traffic_policy_local_keeps_the_client_address_and_uses_local_endpoints_only()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.NodePort("web", Cip, 30080, etp: "Local"), Eps((Local1, ProxyScenario.Node), (Local2, ProxyScenario.Node), (Remote, ProxyScenario.OtherNode)));
        var (lab, listed, _) = await StartAsync(scenario.Build(), [Local1, Local2, Remote], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ExternalIp, ProxyScenario.NodeIp, 30080));
        var observed = await ManyAsync(lab, lab.ExternalNs, ProxyScenario.NodeIp, 30080, 200);

        // Then
        trace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo($"{Local1}:8080", $"{Local2}:8080");
        trace.Targets.Should().OnlyContain(t => !t.Masquerade);
        observed.Should().OnlyContain(o => o.SeenSource == KubeProxyLab.ExternalIp);
        KernelCheck.FitsPrediction(KernelCheck.CountBy(observed, o => o.Endpoint), trace.Targets);
    }

    [Fact]
    public async Task external_traffic_policy_local_without_a_local_endpoint_drops_outside_clients_but_not_pods()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.NodePort("web", Cip, 30080, etp: "Local"), Eps((Remote, ProxyScenario.OtherNode)));
        var (lab, listed, _) = await StartAsync(scenario.Build(), [Remote], [8080], Ct);
        await using var _ = lab;

        // When
        var external = NftTracer.Trace(listed, Packet(KubeProxyLab.ExternalIp, ProxyScenario.NodeIp, 30080));
        var fromPod = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, ProxyScenario.NodeIp, 30080));
        var externalSeen = await lab.ConnectTcpAsync(lab.ExternalNs, ProxyScenario.NodeIp, 30080, Ct, TimeSpan.FromSeconds(1));
        var podSeen = await lab.ConnectTcpAsync(lab.ClientNs, ProxyScenario.NodeIp, 30080, Ct);

        // Then
        external.Verdict.Should().Be(TraceVerdict.Drop);
        external.Reason.Should().Contain("demo/web:http");
        externalSeen.Failure.Should().Be("timeout");
        fromPod.Targets.Should().ContainSingle().Which.Should().Match<EndpointTarget>(t => t.Endpoint == $"{Remote}:8080" && !t.Masquerade);
        podSeen.Should().Be(new Observation($"{Remote}:8080", KubeProxyLab.ClientIp, null));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task internal_traffic_policy_local_uses_only_this_nodes_endpoints_or_drops(bool localEndpointExists)
    {
        SkipUnlessRoot();

        // Given
        var eps = localEndpointExists ? Eps((Local1, ProxyScenario.Node), (Remote, ProxyScenario.OtherNode)) : Eps((Remote, ProxyScenario.OtherNode));
        var svc = ProxyScenario.ClusterIp("web", Cip) with { InternalTrafficPolicy = "Local" };
        var (lab, listed, _) = await StartAsync(new ProxyScenario().Service(svc, eps).Build(), [.. eps.Select(e => e.Item1)], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 80));
        var observed = await ManyAsync(lab, lab.ClientNs, Cip, 80, localEndpointExists ? 30 : 1);

        // Then
        if (localEndpointExists)
        {
            trace.Targets.Should().ContainSingle().Which.Endpoint.Should().Be($"{Local1}:8080");
            observed.Should().OnlyContain(o => o.Endpoint == $"{Local1}:8080");
        }
        else
        {
            trace.Verdict.Should().Be(TraceVerdict.Drop);
            observed.Should().OnlyContain(o => o.Failure == "timeout");
        }
    }

    [Fact]
    public async Task session_affinity_sticks_to_one_endpoint_and_the_tracer_then_predicts_it_with_certainty()
    {
        SkipUnlessRoot();

        // Given
        var svc = ProxyScenario.ClusterIp("web", Cip) with { SessionAffinity = "ClientIP", SessionAffinityTimeoutSeconds = 600 };
        string[] ips = [Local1, Local2, "10.244.1.12"];
        var (lab, listed, _) = await StartAsync(new ProxyScenario().Service(svc, Eps([.. ips.Select(i => (i, ProxyScenario.Node))])).Build(), ips, [8080], Ct);
        await using var _ = lab;
        var before = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 80));

        // When
        var observed = await ManyAsync(lab, lab.ClientNs, Cip, 80, 40);
        var (relisted, _) = await ListAsync(lab, Ct);
        var after = NftTracer.Trace(relisted, Packet(KubeProxyLab.ClientIp, Cip, 80));

        // Then the first pick is uniform, every connection stuck, and the kernel's affinity set now pins the client
        before.Targets.Should().HaveCount(3).And.OnlyContain(t => Math.Abs(t.Probability - (1.0 / 3)) < 1e-9);
        var stuck = observed.Select(o => o.Endpoint).Distinct().Should().ContainSingle().Which;
        after.Targets.Should().ContainSingle().Which.Should().Match<EndpointTarget>(t => t.Endpoint == stuck && t.Probability == 1);
    }

    [Theory]
    [InlineData(new[] { "192.168.50.0/24" }, true)]
    [InlineData(new[] { "10.1.0.0/16" }, false)]
    public async Task load_balancer_source_ranges_admit_or_drop_the_client_before_dnat(string[] ranges, bool admitted)
    {
        SkipUnlessRoot();

        // Given
        const string LbIp = "192.168.60.10";
        var svc = ProxyScenario.ClusterIp("lb", Cip) with { Type = "LoadBalancer", LoadBalancerIngressIps = [LbIp], LoadBalancerSourceRanges = ranges };
        var (lab, listed, _) = await StartAsync(new ProxyScenario().Service(svc, Eps((Local1, ProxyScenario.Node))).Build(), [Local1], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ExternalIp, LbIp, 80));
        var observed = await lab.ConnectTcpAsync(lab.ExternalNs, LbIp, 80, Ct, TimeSpan.FromSeconds(1));

        // Then
        if (admitted)
        {
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().ContainSingle().Which.Masquerade.Should().BeTrue();
            observed.Should().Be(new Observation($"{Local1}:8080", KubeProxyLab.Gateway, null));
        }
        else
        {
            trace.Verdict.Should().Be(TraceVerdict.Drop);
            trace.Chains.Should().Contain(c => c.StartsWith("firewall-", StringComparison.Ordinal)).And.NotContain("nat-prerouting");
            observed.Failure.Should().Be("timeout");
        }
    }

    [Fact]
    public async Task an_external_ip_is_dnatted_and_masqueraded()
    {
        SkipUnlessRoot();

        // Given
        const string ExternalServiceIp = "192.168.70.5";
        var svc = ProxyScenario.ClusterIp("ext", Cip) with { ExternalIps = [ExternalServiceIp] };
        var (lab, listed, _) = await StartAsync(new ProxyScenario().Service(svc, Eps((Local1, ProxyScenario.Node))).Build(), [Local1], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ExternalIp, ExternalServiceIp, 80));
        var observed = await lab.ConnectTcpAsync(lab.ExternalNs, ExternalServiceIp, 80, Ct);

        // Then
        trace.Chains.Should().Contain(c => c.StartsWith("external-", StringComparison.Ordinal));
        trace.Targets.Should().ContainSingle().Which.Should().Match<EndpointTarget>(t => t.Endpoint == $"{Local1}:8080" && t.Masquerade);
        observed.Should().Be(new Observation($"{Local1}:8080", KubeProxyLab.Gateway, null));
    }

    [Fact]
    public async Task a_pod_reaching_itself_through_its_service_is_masqueraded_only_then()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("web", Cip), Eps((Local1, ProxyScenario.Node), (Local2, ProxyScenario.Node)));
        var (lab, listed, _) = await StartAsync(scenario.Build(), [Local1, Local2], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(Local1, Cip, 80));
        var observed = await ManyAsync(lab, lab.PodNamespaces[Local1], Cip, 80, 60);

        // Then
        trace.Targets.Single(t => t.Endpoint == $"{Local1}:8080").Masquerade.Should().BeTrue();
        trace.Targets.Single(t => t.Endpoint == $"{Local2}:8080").Masquerade.Should().BeFalse();
        observed.Where(o => o.Endpoint == $"{Local1}:8080").Should().NotBeEmpty().And.OnlyContain(o => o.SeenSource == KubeProxyLab.Gateway);
        observed.Where(o => o.Endpoint == $"{Local2}:8080").Should().NotBeEmpty().And.OnlyContain(o => o.SeenSource == Local1);
    }

    [Fact]
    public async Task udp_and_a_second_unnamed_style_port_follow_their_own_maps_entries()
    {
        SkipUnlessRoot();

        // Given a DNS-like service: 53/udp and 53/tcp to 5353, plus 9153/tcp
        var svc = new ServiceInfo("demo", "dns", "ClusterIP", Cip,
            [new ServicePortInfo("dns", "UDP", 53, "5353"), new ServicePortInfo("dns-tcp", "TCP", 53, "5353"), new ServicePortInfo("metrics", "TCP", 9153, "9153")],
            new Dictionary<string, string>());
        var (lab, listed, _) = await StartAsync(new ProxyScenario().Service(svc, Eps((Local1, ProxyScenario.Node), (Local2, ProxyScenario.Node))).Build(), [Local1, Local2], [5353, 9153], Ct);
        await using var _ = lab;

        // When
        var udpTrace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 53, "udp"));
        var metricsTrace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 9153));
        var udp = await ManyAsync(lab, lab.ClientNs, Cip, 53, 200, "udp");
        var metrics = await ManyAsync(lab, lab.ClientNs, Cip, 9153, 20);

        // Then
        udpTrace.ServiceName.Should().Be("demo/dns:dns");
        udpTrace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo($"{Local1}:5353", $"{Local2}:5353");
        KernelCheck.FitsPrediction(KernelCheck.CountBy(udp, o => o.Endpoint), udpTrace.Targets);
        metricsTrace.ServiceName.Should().Be("demo/dns:metrics");
        metrics.Select(o => o.Endpoint).Should().BeSubsetOf(metricsTrace.Targets.Select(t => t.Endpoint)).And.HaveCount(20);
    }
}
