using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Companion.Charts;
using Companion.Core.Charts;
using Companion.Core.Rendering;
using Companion.Core.Statistics;

namespace Companion.Benchmarks;

/// <summary>Stopwatch pass over the formatters (medians, first call reported separately) with the HTML size in bytes.</summary>
public static class FormatterHarness
{
    public static async Task<int> RunAsync(int pods, int samples, int runs)
    {
        var podList = FormatterData.Pods(pods);
        var run = await FormatterData.DnsRunAsync(samples);
        var ms = run.Samples.Select(s => s.TotalMs).ToArray();
        var items = new (string Name, Func<string> Render)[]
        {
            ($"pod table, {pods} pods, all rows", () => PodTable.ToHtml(podList, FormatterData.Source, FormatterData.Nodes, podList.Count)),
            ($"pod table, {pods} pods, default cap ({InventoryTable.DefaultMaxRows} rows)", () => PodTable.ToHtml(podList, FormatterData.Source, FormatterData.Nodes)),
            ($"DNS run HTML, {samples} samples (summary + first lookup)", () => DnsHtml.Render(run)),
            ($"DNS summary + HTML, {samples} samples", () => DnsHtml.Render(run with { Summary = Latency.Summarize(ms) })),
            ($"DNS latency chart (Plotly), {samples} samples", () => new PlotlyChartRenderer().Render(new LatencyChart("dns", [new LatencySeries("probe", ms)], "bench"))),
            ($"baseline: all-samples figure JSON (Plotly.NET, first version), {samples} samples", () => AllSamplesFigure.Json(ms)),
        };
        foreach (var (name, render) in items)
        {
            var sw = Stopwatch.StartNew();
            var html = render();
            var first = sw.Elapsed.TotalMilliseconds;
            var times = new List<double>();
            using var me = Process.GetCurrentProcess();
            me.Refresh();
            var cpu0 = me.TotalProcessorTime;
            for (var i = 0; i < runs; i++)
            {
                sw.Restart();
                html = render();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            me.Refresh();
            var cpuPerRun = (me.TotalProcessorTime - cpu0).TotalMilliseconds / Math.Max(1, runs);

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                kind = "formatter",
                name,
                firstMs = first,
                medianMs = RulesHarness.Median(times),
                minMs = times.Min(),
                cpuMsPerRun = cpuPerRun,
                htmlBytes = Encoding.UTF8.GetByteCount(html),
                runs,
            }));
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new { kind = "formatter-process", peakWorkingSetMiB = self.PeakWorkingSet64 / 1048576.0 }));
        return 0;
    }
}
