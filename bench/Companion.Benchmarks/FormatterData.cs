using System.Globalization;
using Companion.Core.Dns;
using Companion.Core.Model;

namespace Companion.Benchmarks;

/// <summary>Inputs for the formatter benchmarks: 5,000 pods and a 10,000-sample DNS probe run.</summary>
public static class FormatterData
{
    public static SourceInfo Source { get; } = new(SourceKind.Lab, "bench");

    public static IReadOnlyList<NodeInfo> Nodes { get; } = Enumerable.Range(0, 20)
        .Select(n => new NodeInfo($"node-{n:D2}", [new NodeAddress("InternalIP", $"192.168.50.{n + 1}")], [$"10.244.{n}.0/24"], true)).ToList();

    public static IReadOnlyList<PodInfo> Pods(int count) => Enumerable.Range(0, count).Select(i => new PodInfo(
        $"ns-{i % 17}", $"web-{i:D5}-7d9f<b>&x", $"node-{i % 20:D2}", $"10.244.{i % 20}.{(i / 20) % 250 + 2}", i % 97 == 0 ? "Pending" : "Running", i % 13 != 0, i % 5,
        new Dictionary<string, string> { ["app"] = $"web-{i % 50}", ["tier"] = "front" }, [new ContainerPortInfo("web", "http", 8080)])).ToList();

    /// <summary>A real <see cref="DnsProber"/> run over an in-memory transport with a deterministic latency spread.</summary>
    public static async Task<DnsProbeRun> DnsRunAsync(int samples)
    {
        var conf = new ResolvConf(["10.96.0.10"], ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"], Ndots: 5);
        var prober = new DnsProber(new SpreadTransport(), source: "bench (in-memory transport)");
        return await prober.ProbeAsync(new DnsProbeRequest("kubernetes.default", conf, ResolverLibc.Glibc, samples, 8), null, CancellationToken.None);
    }

    private sealed class SpreadTransport : IDnsTransport
    {
        private int _n;

        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _n);
            var ms = 0.2 + (n * 7919 % 1000) / 1000.0 * (n % 100 == 0 ? 20 : 1);
            var hit = query.Name.StartsWith("kubernetes.default.svc.cluster.local", StringComparison.Ordinal);
            var outcome = hit ? (query.Type == DnsRecordType.A ? DnsOutcome.NoError : DnsOutcome.NoData) : DnsOutcome.NxDomain;
            IReadOnlyList<string> answers = outcome == DnsOutcome.NoError ? ["10.96.0.1"] : [];
            return Task.FromResult(new DnsWireQuery(query.Type, query.Name, outcome, outcome == DnsOutcome.NxDomain ? "NXDOMAIN" : "NOERROR", answers, ms, 0, server.Address, useTcp));
        }
    }

    public static string Kib(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
