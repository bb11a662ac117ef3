using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Kernel.NftKernelLab;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>
/// nftables mode against the kernel: KubeProxyNftGenerator's ruleset loaded with nft -f into a fresh namespace,
/// real connections, and the kernel's account (replies, conntrack, nft monitor trace) compared with NftTracer's
/// prediction on the text `nft list ruleset` printed back.
/// </summary>
[Collection("nft-kernel")]
public sealed class NftKernelTests
{
    private const string Cip = "10.96.0.10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void SkipUnlessRoot() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");

    internal static async Task<List<Observation>> ConnectManyAsync(KubeProxyLab lab, string ns, string dst, int port, int count, string proto = "tcp") =>
        await IptablesKernelTests.ConnectManyAsync(lab, ns, dst, port, count, Ct, proto);

    [Theory]
    [InlineData(1, 60)]
    [InlineData(3, 300)]
    [InlineData(5, 400)]
    public async Task cluster_ip_traffic_lands_on_the_endpoints_with_the_predicted_split(int endpoints, int connections)
    {
        SkipUnlessRoot();

        // Given
        var ips = Enumerable.Range(0, endpoints).Select(i => $"10.244.1.{10 + i}").ToList();
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("web", Cip), [.. ips.Select(ip => (ip, (string?)ProxyScenario.Node, true))]);
        var (lab, listed, _) = await StartAsync(scenario.Build(), ips, [8080], Ct);
        await using var _ = lab;
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 80));

        // When
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 80, connections);
        var conntrack = (await lab.Netns.ExecAsync(lab.NodeNs, "conntrack", ["-L", "-p", "tcp"], Ct)).Stdout;

        // Then
        observed.Should().OnlyContain(o => o.Failure == null);
        trace.Verdict.Should().Be(TraceVerdict.Dnat);
        trace.Diagnostics.Should().BeEmpty();
        trace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo(ips.Select(ip => $"{ip}:8080"));
        var counts = KernelCheck.CountBy(observed, o => o.Endpoint);
        KernelCheck.FitsPrediction(counts, trace.Targets);
        observed.Should().OnlyContain(o => o.SeenSource == KubeProxyLab.ClientIp, "a pod inside the cluster CIDR is not masqueraded");
        trace.Targets.Should().OnlyContain(t => !t.Masquerade);
        KernelCheck.Conntrack(conntrack, Cip).GroupBy(e => $"{e.ReplySource}:{e.ReplySourcePort}").ToDictionary(g => g.Key, g => g.Count())
            .Should().BeEquivalentTo(counts);
    }

    [Fact]
    public async Task nft_monitor_trace_shows_the_chains_the_tracer_predicted()
    {
        SkipUnlessRoot();

        // Given
        string[] ips = ["10.244.1.10", "10.244.1.11"];
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("web", Cip), [.. ips.Select(ip => (ip, (string?)ProxyScenario.Node, true))]);
        var (lab, listed, _) = await StartAsync(scenario.Build(), ips, [8080], Ct);
        await using var _ = lab;
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 80));

        // When
        Observation? observed = null;
        var kernelChains = await MonitorTraceAsync(lab, async () => observed = await lab.ConnectTcpAsync(lab.ClientNs, Cip, 80, Ct), Ct);

        // Then the packets' walk (the SYN through nat, the rest through filter) is made of the tracer's chains
        var syn = kernelChains.Should().Contain(c => c.Contains("services")).Which;
        syn.Should().ContainInOrder("nat-prerouting", "services", KubeProxyNames.ServiceChainName("service", "demo", "web", "tcp", "http"));
        syn.Distinct().Should().BeSubsetOf(trace.Chains);
        var endpointChain = syn.Single(c => c.StartsWith("endpoint-", StringComparison.Ordinal));
        var target = trace.Targets.Single(t => t.Chain == endpointChain);
        observed!.Endpoint.Should().Be(target.Endpoint, "the endpoint chain the kernel walked DNATs to the pod that answered");
    }

    [Fact]
    public async Task a_service_without_endpoints_is_rejected()
    {
        SkipUnlessRoot();

        // Given
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("empty", Cip));
        var (lab, listed, _) = await StartAsync(scenario.Build(), [], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, 80));
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 80, 3);

        // Then
        trace.Verdict.Should().Be(TraceVerdict.Reject);
        trace.Reason.Should().Be("demo/empty:http has no endpoints (reject)");
        observed.Should().OnlyContain(o => o.Failure == "refused");
    }

    [Theory]
    [InlineData("tcp", 81)]
    [InlineData("udp", 80)]
    public async Task a_cluster_ip_on_a_port_or_protocol_it_does_not_serve_is_rejected_unlike_iptables_mode(string protocol, int port)
    {
        SkipUnlessRoot();

        // Given
        const string Pod = "10.244.1.10";
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("web", Cip), (Pod, ProxyScenario.Node, true));
        var (lab, listed, text) = await StartAsync(scenario.Build(), [Pod], [8080], Ct);
        await using var _ = lab;

        // When
        var trace = NftTracer.Trace(listed, Packet(KubeProxyLab.ClientIp, Cip, port, protocol));
        var observed = protocol == "udp"
            ? await SendConnectedUdpAsync(lab, lab.ClientNs, Cip, port, Ct)
            : await lab.ConnectTcpAsync(lab.ClientNs, Cip, port, Ct);

        // Then the kernel refuses it, and the tracer names the cluster-ips-check rule by its line in the listing
        trace.Verdict.Should().Be(TraceVerdict.Reject);
        var rejectHit = trace.Hits.Single(h => h.Chain == "cluster-ips-check");
        text.Split('\n')[rejectHit.LineNumber - 1].Should().Contain("ip daddr @cluster-ips reject");
        observed.Failure.Should().Be("refused");
    }
}
