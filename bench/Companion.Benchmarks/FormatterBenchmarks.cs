using BenchmarkDotNet.Attributes;
using Companion.Charts;
using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Core.Model;
using Companion.Core.Rendering;
using Companion.Core.Statistics;

namespace Companion.Benchmarks;

/// <summary>Formatters: a 5,000-pod table and 10,000 DNS samples (summary, HTML, latency chart).</summary>
[MemoryDiagnoser]
public class FormatterBenchmarks
{
    private IReadOnlyList<PodInfo> _pods = [];
    private DnsProbeRun? _run;
    private double[] _ms = [];

    [GlobalSetup]
    public async Task Setup()
    {
        var smoke = Environment.GetEnvironmentVariable("COMPANION_BENCH_SMOKE") == "1";
        _pods = FormatterData.Pods(smoke ? 50 : 5_000);
        _run = await FormatterData.DnsRunAsync(smoke ? 100 : 10_000);
        _ms = _run.Samples.Select(s => s.TotalMs).ToArray();
    }

    [Benchmark]
    public string PodTableAllRows() => PodTable.ToHtml(_pods, FormatterData.Source, FormatterData.Nodes, _pods.Count);

    [Benchmark]
    public string PodTableDefaultRows() => PodTable.ToHtml(_pods, FormatterData.Source, FormatterData.Nodes);

    [Benchmark]
    public string DnsRunHtml() => DnsHtml.Render(_run!);

    [Benchmark]
    public LatencySummary DnsSummary() => Latency.Summarize(_ms);

    [Benchmark]
    public string DnsLatencyChart() => new PlotlyChartRenderer().Render(new LatencyChart("dns", [new LatencySeries("probe", _ms)], "bench"));

    [Benchmark]
    public string DnsLatencyAllSamplesFigure() => AllSamplesFigure.Json(_ms);
}
