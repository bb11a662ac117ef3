using System.Diagnostics;
using System.Globalization;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy;

/// <summary>10,000 Services with 3 endpoints each (about 110k rules): correctness at scale, and an explicit benchmark.</summary>
public sealed class IptablesScaleTests
{
    private static readonly Lazy<string> Dump = new(() =>
    {
        var scenario = new ProxyScenario();
        for (var i = 0; i < 10_000; i++)
        {
            var ip = $"10.96.{i / 250}.{(i % 250) + 1}";
            var pods = Enumerable.Range(0, 3).Select(k => ($"10.{100 + k}.{i / 250}.{(i % 250) + 1}", (string?)ProxyScenario.Node, true)).ToArray();
            scenario.Service(ProxyScenario.ClusterIp($"svc{i:D5}", ip), pods);
        }

        return KubeProxyIptablesGenerator.Generate(scenario.Build(), ProxyScenario.Options());
    });

    [Fact]
    public void the_last_of_ten_thousand_services_is_traced_exactly()
    {
        // Given
        var parsed = IptablesSaveParser.Parse(Dump.Value);

        // When
        var trace = IptablesTracer.Trace(parsed.Value, new PacketSpec("10.244.1.20", "10.96.39.250", "tcp", 80));

        // Then
        parsed.Diagnostics.Should().BeEmpty();
        parsed.Value.AllRules.Count().Should().BeGreaterThan(100_000);
        trace.ServiceName.Should().Be("demo/svc09999:http");
        trace.Targets.Select(t => t.Endpoint).Should().Equal("10.100.39.250:8080", "10.101.39.250:8080", "10.102.39.250:8080");
    }

    [Fact]
    public void the_byte_path_reads_the_dump_from_a_huge_page_boundary_and_traces_like_the_text_path()
    {
        // Given (10 MB of UTF-8: on Linux the bytes start at a 2 MB boundary inside a pinned array, an offset past 0)
        var bytes = System.Text.Encoding.UTF8.GetBytes(Dump.Value);

        // When
        var viaBytes = Companion.Core.Tests.Proxy.Text.BytePath.ParseBytes(bytes);
        var viaText = IptablesSaveParser.Parse(Dump.Value);

        // Then
        viaBytes.Diagnostics.Should().BeEmpty();
        viaBytes.Value.AllRules.Count().Should().Be(viaText.Value.AllRules.Count());
        foreach (var destination in new[] { "10.96.0.1", "10.96.20.125", "10.96.39.250", "10.96.40.1" })
        {
            var packet = new PacketSpec("10.244.1.20", destination, "tcp", 80);
            var a = IptablesTracer.Trace(viaBytes.Value, packet);
            var b = IptablesTracer.Trace(viaText.Value, packet);
            (a.Verdict, a.ServiceName, string.Join(',', a.Chains)).Should().Be((b.Verdict, b.ServiceName, string.Join(',', b.Chains)));
            a.Targets.Select(t => (t.Endpoint, t.Probability, t.Masquerade)).Should().Equal(b.Targets.Select(t => (t.Endpoint, t.Probability, t.Masquerade)));
            a.Hits.Select(h => (h.LineNumber, h.RuleText)).Should().Equal(b.Hits.Select(h => (h.LineNumber, h.RuleText)));
        }
    }

    [Fact(Explicit = true)]
    public void benchmark_parse_plus_one_trace()
    {
        // Given
        var text = Dump.Value;
        var packet = new PacketSpec("10.244.1.20", "10.96.39.250", "tcp", 80);
        var runs = new List<double>();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(true);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        // When
        for (var i = 0; i < 7; i++)
        {
            var sw = Stopwatch.StartNew();
            var trace = IptablesTracer.Trace(IptablesSaveParser.Parse(text).Value, packet);
            sw.Stop();
            runs.Add(sw.Elapsed.TotalMilliseconds);
            trace.Targets.Should().HaveCount(3);
        }

        self.Refresh();
        var cpuPerRun = (self.TotalProcessorTime - cpu).TotalMilliseconds / runs.Count;
        var perRun = (GC.GetTotalAllocatedBytes(true) - allocated) / runs.Count;
        var gcs = string.Create(CultureInfo.InvariantCulture,
            $"{(GC.CollectionCount(0) - gen0) / (double)runs.Count:0.#}/{(GC.CollectionCount(1) - gen1) / (double)runs.Count:0.#}/{(GC.CollectionCount(2) - gen2) / (double)runs.Count:0.#}");

        // Then
        runs.Sort();
        var lines = text.Count(c => c == '\n');
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"10,000 services, {lines} lines, {text.Length / 1024} KiB: parse+trace first {runs[^1]:F1} ms, median {runs[3]:F1} ms, min {runs[0]:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH parse+trace ms: {string.Join(", ", runs.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}; lines {lines}; process CPU ms per run (incl. first) {cpuPerRun:0}; allocated per run {perRun / 1024 / 1024} MiB; GCs per run gen0/1/2 {gcs}"));
    }
}
