using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>
/// Generated rules loaded into a fresh namespace, real packets, and the kernel's own account (client replies,
/// iptables-save -c counters, conntrack) compared with the tracer's prediction on the text the kernel printed back.
/// </summary>
[Collection("ipt-kernel")]
public sealed class IptablesKernelTests
{
    private const string Owner = "iptk";
    private const string Cip = "10.96.0.10";

    private static readonly string[] Tools = ["ip", "iptables-restore", "iptables-save", "conntrack"];

    internal static async Task<(KubeProxyLab Lab, IptablesRuleset Saved)> StartAsync(ProxyScenario scenario, IReadOnlyList<string> podIps, IReadOnlyList<int> ports, CancellationToken ct, bool masqueradeAll = false)
    {
        var lab = await KubeProxyLab.StartAsync(Owner, podIps, ports, ct);
        try
        {
            await lab.LoadAsync(KubeProxyIptablesGenerator.Generate(scenario.Build(), ProxyScenario.Options(masqueradeAll)), ct);
            return (lab, await SaveAsync(lab, ct));
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    internal static async Task<IptablesRuleset> SaveAsync(KubeProxyLab lab, CancellationToken ct)
    {
        var text = (await lab.Netns.ExecAsync(lab.NodeNs, "iptables-save", ["-c"], ct)).EnsureSuccess("iptables-save").Stdout;
        var parsed = IptablesSaveParser.Parse(text);
        parsed.Diagnostics.Should().BeEmpty("the parser reads everything iptables-save printed");
        return parsed.Value;
    }

    internal static PacketSpec Packet(string src, string dst, int port, string proto = "tcp", PacketEntry entry = PacketEntry.Network) =>
        new(src, dst, proto, port, entry, [ProxyScenario.NodeIp, KubeProxyLab.Gateway]);

    internal static async Task<List<Observation>> ConnectManyAsync(KubeProxyLab lab, string ns, string dst, int port, int count, CancellationToken ct, string proto = "tcp")
    {
        var list = new List<Observation>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(proto == "udp" ? await lab.SendUdpAsync(ns, dst, port, ct) : await lab.ConnectTcpAsync(ns, dst, port, ct));
        }

        return list;
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(3, 300)]
    [InlineData(5, 400)]
    public async Task cluster_ip_traffic_lands_on_the_endpoints_with_the_predicted_split(int endpoints, int connections)
    {
        Assert.SkipWhen(NetnsLab.SkipReason(Tools) is not null, NetnsLab.SkipReason(Tools) ?? "");
        var ct = TestContext.Current.CancellationToken;

        // Given
        var ips = Enumerable.Range(0, endpoints).Select(i => $"10.244.1.{10 + i}").ToList();
        var scenario = new ProxyScenario().Service(ProxyScenario.ClusterIp("web", Cip), [.. ips.Select(ip => (ip, (string?)ProxyScenario.Node, true))]);
        var (lab, saved) = await StartAsync(scenario, ips, [8080], ct);
        await using var _ = lab;
        var trace = IptablesTracer.Trace(saved, Packet(KubeProxyLab.ClientIp, Cip, 80));

        // When
        var observed = await ConnectManyAsync(lab, lab.ClientNs, Cip, 80, connections, ct);
        var after = await SaveAsync(lab, ct);
        var conntrack = (await lab.Netns.ExecAsync(lab.NodeNs, "conntrack", ["-L", "-p", "tcp"], ct)).Stdout;

        // Then
        observed.Should().OnlyContain(o => o.Failure == null);
        trace.Verdict.Should().Be(TraceVerdict.Dnat);
        trace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo(ips.Select(ip => $"{ip}:8080"));
        var counts = KernelCheck.CountBy(observed, o => o.Endpoint);
        KernelCheck.FitsPrediction(counts, trace.Targets);
        observed.Should().OnlyContain(o => o.SeenSource == KubeProxyLab.ClientIp, "a pod inside the cluster CIDR is not masqueraded");
        trace.Targets.Should().OnlyContain(t => !t.Masquerade);
        KernelCheck.DnatCounters(after).Where(kv => kv.Value > 0).Should().BeEquivalentTo(counts.ToDictionary(kv => kv.Key, kv => (long)kv.Value));
        KernelCheck.Conntrack(conntrack, Cip).GroupBy(e => $"{e.ReplySource}:{e.ReplySourcePort}").ToDictionary(g => g.Key, g => g.Count())
            .Should().BeEquivalentTo(counts);
        foreach (var hit in trace.Hits.Where(h => h.Table == "nat" && h.Chain is "PREROUTING" or "KUBE-SERVICES"))
        {
            after.AllRules.Single(r => r.Table == "nat" && r.LineNumber == hit.LineNumber).Packets.Should().Be(connections, $"every connection walked {hit.RuleText}");
        }
    }
}
