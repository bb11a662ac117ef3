using System.Globalization;
using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Interactive.Magic;

namespace Companion.Interactive.Formatting;

/// <summary>text/plain forms of the result types (what a terminal or a text-only front end shows).</summary>
internal static class PlainText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Of(DnsPlanView view) =>
        $"{view.Plan.Explanation}\n" + string.Join('\n', view.Plan.Queries.Select((q, i) => $"{i + 1,3}. {q.Type,-4} {q.Name}"))
        + $"\nsource: {view.Source}";

    public static string Of(DnsProbeRun run) => string.Create(Inv,
        $"{run.Label}: {run.Samples.Count} lookups, {run.QueriesPerLookup} queries each, p50 {run.Summary.P50Ms:F2} ms, "
        + $"p99 {run.Summary.P99Ms:F2} ms, max {run.Summary.MaxMs:F2} ms\nsource: {run.SourceDescription}");

    public static string Of(DnsComparison comparison) =>
        string.Join('\n', comparison.Variants.Select(v => string.Create(Inv,
            $"{v.Label,-40} {v.QueriesPerLookup,3} queries  p50 {v.Summary.P50Ms,8:F2} ms  p99 {v.Summary.P99Ms,8:F2} ms")))
        + (comparison.Variants.Count > 0 ? $"\nsource: {comparison.Variants[0].SourceDescription}" : "");

    public static string Of(LatencyChart chart) =>
        chart.Title + "\n" + string.Join('\n', chart.Series.Select(s =>
        {
            var m = LatencyMarks.Of(s.SamplesMs);
            return string.Create(Inv, $"  {s.Label}: n {m.Count}, p50 {m.P50:F2} ms, p99 {m.P99:F2} ms, max {m.Max:F2} ms");
        })) + $"\nsource: {chart.Source}";

    public static string Of(BarChart chart) => $"{chart.Title} ({chart.Series.Count} series)\nsource: {chart.Source}";

    public static string Of(SankeyChart chart) => $"{chart.Title} ({chart.Nodes.Count} nodes)\nsource: {chart.Source}";

    public static string Of(WaterfallChart chart) =>
        string.Create(Inv, $"{chart.Title}: {chart.TotalMs:F2} ms of a {chart.BudgetMs} ms budget\nsource: {chart.Source}");
}
