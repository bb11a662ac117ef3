using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Kernel.IptablesKernelTests;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>The other Service shapes, each checked the same way: the kernel's behaviour against the tracer's prediction.</summary>
[Collection("ipt-kernel")]
public sealed class IptablesKernelScenarioTests
{
    private const string Cip = "10.96.0.10";
    private const string Local1 = "10.244.1.10";
    private const string Local2 = "10.244.1.11";
    private const string Remote = "10.244.2.5";

    private static readonly string[] Tools = ["ip", "iptables-restore", "iptables-save", "conntrack"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void SkipUnlessRoot() => Assert.SkipWhen(NetnsLab.SkipReason(Tools) is not null, NetnsLab.SkipReason(Tools) ?? "");

    private static (string, string?, bool)[] Eps(params (string Ip, string Node)[] eps) => [.. eps.Select(e => (e.Ip, (string?)e.Node, true))];

    [Fact]
    public async Task a_service_without_endpoints_is_refused_by_the_filter_table()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("empty", Cip));
        var (lab, saved) = await StartAsync(scenario, [], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 80));
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 80, 3, Ct);

        // Then
        trace.Verdict.Should().Be(TraceVerdict.Reject);
        observed.Should().OnlyContain(o => o.Failure == "refused");
        var after = await SaveAsync(lab, Ct);
        var rejectLine = trace.Hits.Single(h => h.Action == "REJECT").LineNumber;
        after.AllRules.Single(r => r.Table == "filter" && r.LineNumber == rejectLine).Packets.Should().Be(3);
    }

    [Fact]
    public async Task a_node_port_from_outside_is_dnatted_and_masqueraded()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.NodePort("web", Cip, 30080), Eps((Local1, ProxyScenario.Node), (Remote, ProxyScenario.OtherNode)));
        var (lab, saved) = await StartAsync(scenario, [Local1, Remote], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ExternalIp, ProxyScenario.NodeIp, 30080));
        var observed = await ConnectManyAsync(lab, lab.ExternalNs, ProxyScenario.NodeIp, 30080, 200, Ct);

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
        var (lab, saved) = await StartAsync(scenario, [Local1, Local2, Remote], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ExternalIp, ProxyScenario.NodeIp, 30080));
        var observed = await ConnectManyAsync(lab, lab.ExternalNs, ProxyScenario.NodeIp, 30080, 200, Ct);

        // Then
        trace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo($"{Local1}:8080", $"{Local2}:8080");
        trace.Targets.Should().OnlyContain(t => !t.Masquerade);
        observed.Should().OnlyContain(o => o.SeenSource == KubeProxyLab.ExternalIp);
        KernelCheck.FitsPrediction(KernelCheck.CountBy(observed, o => o.Endpoint), trace.Targets);
    }

    [Fact]
    public async Task external_traffic_policy_local_without_a_local_endpoint_drops_node_port_traffic()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.NodePort("web", Cip, 30080, etp: "Local"), Eps((Remote, ProxyScenario.OtherNode)));
        var (lab, saved) = await StartAsync(scenario, [Remote], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ExternalIp, ProxyScenario.NodeIp, 30080));
        var observed = await lab.ConnectTcpAsync(lab.ExternalNs, ProxyScenario.NodeIp, 30080, Ct, TimeSpan.FromSeconds(1));

        // Then
        trace.Verdict.Should().Be(TraceVerdict.Drop);
        trace.Reason.Should().Contain("has no local endpoints");
        observed.Failure.Should().Be("timeout");
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
        var (lab, saved) = await StartAsync(new ProxyScenario().Service(svc, eps), [.. eps.Select(e => e.Item1)], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 80));
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 80, localEndpointExists ? 30 : 1, Ct);

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
    public async Task session_affinity_sticks_to_one_endpoint_that_the_tracer_listed()
    {
        SkipUnlessRoot();

        // Given
        var svc = ProxyScenario.ClusterIp("web", Cip) with { SessionAffinity = "ClientIP", SessionAffinityTimeoutSeconds = 600 };
        var ips = new[] { Local1, Local2, "10.244.1.12" };
        var (lab, saved) = await StartAsync(new ProxyScenario().Service(svc, Eps([.. ips.Select(i => (i, ProxyScenario.Node))])), ips, [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 80));
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 80, 40, Ct);

        // Then
        trace.Targets.Should().HaveCount(3).And.OnlyContain(t => Math.Abs(t.Probability - (1.0 / 3)) < 1e-9);
        trace.Diagnostics.Should().Contain(d => d.Message.Contains("session affinity", StringComparison.Ordinal) && d.Message.Contains("600 s", StringComparison.Ordinal));
        observed.Select(o => o.Endpoint).Distinct().Should().ContainSingle().Which.Should().BeOneOf(trace.Targets.Select(t => t.Endpoint));
    }

    [Theory]
    [InlineData(new[] { "192.168.50.0/24" }, true)]
    [InlineData(new[] { "10.1.0.0/16" }, false)]
    public async Task load_balancer_source_ranges_admit_or_drop_the_client(string[] ranges, bool admitted)
    {
        SkipUnlessRoot();

        // Given
        const string LbIp = "192.168.60.10";
        var svc = ProxyScenario.ClusterIp("lb", Cip) with { Type = "LoadBalancer", LoadBalancerIngressIps = [LbIp], LoadBalancerSourceRanges = ranges };
        var (lab, saved) = await StartAsync(new ProxyScenario().Service(svc, Eps((Local1, ProxyScenario.Node))), [Local1], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ExternalIp, LbIp, 80));
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
            trace.Reason.Should().Contain("KUBE-PROXY-FIREWALL");
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
        var (lab, saved) = await StartAsync(new ProxyScenario().Service(svc, Eps((Local1, ProxyScenario.Node))), [Local1], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ExternalIp, ExternalServiceIp, 80));
        var observed = await lab.ConnectTcpAsync(lab.ExternalNs, ExternalServiceIp, 80, Ct);

        // Then
        trace.Chains.Should().Contain(c => c.StartsWith("KUBE-EXT-", StringComparison.Ordinal));
        trace.Targets.Should().ContainSingle().Which.Should().Be(new EndpointTarget($"{Local1}:8080", 1, true, trace.Targets[0].Chain));
        observed.Should().Be(new Observation($"{Local1}:8080", KubeProxyLab.Gateway, null));
    }
}
