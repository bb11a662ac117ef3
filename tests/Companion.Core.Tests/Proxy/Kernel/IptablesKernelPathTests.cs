using Companion.Core.Model;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Kernel.IptablesKernelTests;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>UDP, hairpin, multi-port and unnamed ports, wrong port, and traffic the node sends itself.</summary>
[Collection("ipt-kernel")]
public sealed class IptablesKernelPathTests
{
    private const string Cip = "10.96.0.10";
    private static readonly string[] Pods = ["10.244.1.10", "10.244.1.11", "10.244.1.12"];
    private static readonly string[] Tools = ["ip", "iptables-restore", "iptables-save", "conntrack"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void SkipUnlessRoot() => Assert.SkipWhen(NetnsLab.SkipReason(Tools) is not null, NetnsLab.SkipReason(Tools) ?? "");

    private static ProxyScenario ThreePods(ServiceInfo svc) =>
        new ProxyScenario().Service(svc, [.. Pods.Select(ip => (ip, (string?)ProxyScenario.Node, true))]);

    [Fact]
    public async Task udp_to_a_cluster_ip_is_split_like_tcp()
    {
        SkipUnlessRoot();

        // Given
        var (lab, saved) = await StartAsync(ThreePods(ProxyScenario.ClusterIp("dns", Cip, 53, 5353, "UDP", "dns")), Pods, [5353], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 53, "udp"));
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 53, 300, Ct, "udp");
        var conntrack = (await lab.Netns.ExecAsync(lab.NodeNs, "conntrack", ["-L", "-p", "udp"], Ct)).Stdout;

        // Then
        observed.Should().OnlyContain(o => o.Failure == null && o.SeenSource == KubeProxyLab.ClientIp);
        trace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo(Pods.Select(p => $"{p}:5353"));
        KernelCheck.FitsPrediction(KernelCheck.CountBy(observed, o => o.Endpoint), trace.Targets);
        KernelCheck.Conntrack(conntrack, Cip).Should().OnlyContain(e => e.ReplySourcePort == 5353 && e.ReplyDestination == KubeProxyLab.ClientIp);
    }

    [Fact]
    public async Task a_pod_reaching_itself_through_its_service_is_masqueraded_and_only_then()
    {
        SkipUnlessRoot();

        // Given
        var (lab, saved) = await StartAsync(ThreePods(ProxyScenario.ClusterIp("web", Cip)), Pods, [8080], Ct);
        await using var _ = lab;
        var self = Pods[0];

        // When
        var trace = IptablesTracer.Trace(saved, Packet(self, Cip, 80));
        var observed = await ConnectManyAsync(lab, lab.PodNamespaces[self], Cip, 80, 150, Ct);

        // Then
        trace.Targets.Single(t => t.Masquerade).Endpoint.Should().Be($"{self}:8080");
        observed.Should().OnlyContain(o => o.Failure == null);
        observed.Where(o => o.Endpoint == $"{self}:8080").Should().NotBeEmpty().And.OnlyContain(o => o.SeenSource == KubeProxyLab.Gateway);
        observed.Where(o => o.Endpoint != $"{self}:8080").Should().NotBeEmpty().And.OnlyContain(o => o.SeenSource == self);
        KernelCheck.FitsPrediction(KernelCheck.CountBy(observed, o => o.Endpoint), trace.Targets);
    }

    [Fact]
    public async Task each_port_of_a_multi_port_service_and_an_unnamed_port_reach_their_own_target_port()
    {
        SkipUnlessRoot();

        // Given
        var multi = ProxyScenario.ClusterIp("multi", Cip) with
        {
            Ports = [new ServicePortInfo("http", "TCP", 80, "8080"), new ServicePortInfo("https", "TCP", 443, "8443")],
        };
        var plain = ProxyScenario.ClusterIp("plain", "10.96.0.20", 81, 8080, portName: null);
        var scenario = ThreePods(multi).Service(plain, ("10.244.1.10", ProxyScenario.Node, true));
        var (lab, saved) = await StartAsync(scenario, Pods, [8080, 8443], Ct);
        await using var _ = lab;

        // When
        var http = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 80));
        var https = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 443));
        var unnamed = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, "10.96.0.20", 81));
        var seenHttps = await ConnectManyAsync(lab, lab.ClientNs, Cip, 443, 60, Ct);
        var seenUnnamed = await lab.ConnectTcpAsync(lab.ClientNs, "10.96.0.20", 81, Ct);

        // Then
        http.ServiceName.Should().Be("demo/multi:http");
        https.ServiceName.Should().Be("demo/multi:https");
        unnamed.ServiceName.Should().Be("demo/plain");
        https.Targets.Should().OnlyContain(t => t.Endpoint.EndsWith(":8443", StringComparison.Ordinal));
        http.Chains[1].Should().NotBe(https.Chains[1]);
        seenHttps.Should().OnlyContain(o => o.Endpoint!.EndsWith(":8443", StringComparison.Ordinal));
        KernelCheck.FitsPrediction(KernelCheck.CountBy(seenHttps, o => o.Endpoint), https.Targets);
        unnamed.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.244.1.10:8080");
        seenUnnamed.Endpoint.Should().Be("10.244.1.10:8080");
    }

    [Fact]
    public async Task a_port_the_cluster_ip_does_not_serve_leaves_the_node_without_nat()
    {
        SkipUnlessRoot();

        // Given
        var (lab, saved) = await StartAsync(ThreePods(ProxyScenario.ClusterIp("web", Cip)), Pods, [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 8081));
        var observed = await lab.ConnectTcpAsync(lab.ClientNs, Cip, 8081, Ct, TimeSpan.FromSeconds(1));
        var conntrack = (await lab.Netns.ExecAsync(lab.NodeNs, "conntrack", ["-L", "-p", "tcp", "--orig-dst", Cip], Ct)).Stdout;

        // Then
        trace.Verdict.Should().Be(TraceVerdict.Accept);
        trace.Reason.Should().Contain("no NAT");
        observed.Failure.Should().Be("timeout");
        KernelCheck.Conntrack(conntrack, Cip).Should().NotBeEmpty().And.OnlyContain(e => e.ReplySource == Cip && e.ReplySourcePort == 8081,
            "the kernel kept the ClusterIP as the destination: no DNAT happened");
    }

    [Fact]
    public async Task the_node_itself_reaching_a_cluster_ip_is_masqueraded()
    {
        SkipUnlessRoot();

        // Given
        var (lab, saved) = await StartAsync(ThreePods(ProxyScenario.ClusterIp("web", Cip)), Pods, [8080], Ct);
        await using var _ = lab;

        // When
        var trace = IptablesTracer.Trace(saved, Packet(ProxyScenario.NodeIp, Cip, 80, entry: PacketEntry.Local));
        var observed = await ConnectManyAsync(lab, lab.NodeNs, Cip, 80, 150, Ct);

        // Then
        trace.Targets.Should().HaveCount(3).And.OnlyContain(t => t.Masquerade);
        observed.Should().OnlyContain(o => o.SeenSource == KubeProxyLab.Gateway);
        KernelCheck.FitsPrediction(KernelCheck.CountBy(observed, o => o.Endpoint), trace.Targets);
    }
}
