using System.Diagnostics;
using System.Globalization;
using Companion.Core.Model;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Model.ModelScenario;

namespace Companion.Core.Tests.Proxy.Nft;

/// <summary>
/// Benchmark, not a timed test (explicit only): parse a 10,000-Service nftables ruleset (3 endpoints each, about
/// 80k rules) and trace one packet. Target: under 100 ms for parse plus one trace. Run with
/// <c>dotnet test tests/Companion.Core.Tests -- --filter-class '*NftScaleBenchmark' --explicit on</c>.
/// </summary>
public sealed class NftScaleBenchmark
{
    [Fact(Explicit = true)]
    public void parse_and_trace_ten_thousand_services()
    {
        // Given
        var services = new List<ServiceInfo>();
        var slices = new List<EndpointSliceInfo>();
        for (var i = 0; i < 10_000; i++)
        {
            var name = "svc" + i.ToString(CultureInfo.InvariantCulture);
            services.Add(Service(name, $"10.96.{i / 250}.{(i % 250) + 1}", Port("http", 80)));
            slices.Add(Slice(name, [SlicePort("http", 8080)],
                Endpoint($"10.244.{i / 80}.{(i % 80 * 3) + 1}"), Endpoint($"10.244.{i / 80}.{(i % 80 * 3) + 2}"), Endpoint($"10.244.{i / 80}.{(i % 80 * 3) + 3}")));
        }

        var text = KubeProxyNftGenerator.Generate(Snapshot(services, slices), Options());
        var packet = new PacketSpec("10.244.200.1", "10.96.39.250", "tcp", 80); // the last service
        NftTracer.Trace(NftRulesetParser.Parse(text).Value, packet); // warm-up (JIT)

        // When
        var runs = new List<(double Parse, double Trace, double Cpu)>();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        using var self = Process.GetCurrentProcess();
        ServiceTrace? trace = null;
        NftRuleset? ruleset = null;
        for (var run = 0; run < 5; run++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            ruleset = NftRulesetParser.Parse(text).Value;
            var parse = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            trace = NftTracer.Trace(ruleset, packet);
            var traced = sw.Elapsed.TotalMilliseconds;
            self.Refresh();
            runs.Add((parse, traced, (self.TotalProcessorTime - cpu).TotalMilliseconds));
        }

        var perRun = (GC.GetTotalAllocatedBytes(true) - allocated) / runs.Count;
        var gcs = ((GC.CollectionCount(0) - gen0) / (double)runs.Count, (GC.CollectionCount(1) - gen1) / (double)runs.Count, (GC.CollectionCount(2) - gen2) / (double)runs.Count);

        // Then (correctness only; the figures are reported, not asserted)
        trace!.Targets.Should().HaveCount(3);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"BENCH nft 10k services: {text.Length / 1024} KiB, {ruleset!.RuleCount} rules; parse ms {string.Join(" / ", runs.Select(r => r.Parse.ToString("0", CultureInfo.InvariantCulture)))}; trace ms {string.Join(" / ", runs.Select(r => r.Trace.ToString("0.00", CultureInfo.InvariantCulture)))}; process CPU ms (parse+trace, all threads) {string.Join(" / ", runs.Select(r => r.Cpu.ToString("0", CultureInfo.InvariantCulture)))}; allocated per run {perRun / 1024 / 1024} MiB; GCs per run gen0/1/2 {gcs.Item1:0.#}/{gcs.Item2:0.#}/{gcs.Item3:0.#}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    }
}
