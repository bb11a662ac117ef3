using System.Globalization;
using Companion.Core.Dns;

namespace Companion.Core.Charts;

/// <summary>Chart models built from DNS results (the renderers never see DNS types).</summary>
public static class DnsCharts
{
    /// <summary>Latency of every lookup of one run.</summary>
    public static LatencyChart ToLatencyChart(this DnsProbeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new LatencyChart(
            $"{run.Request.Name}: lookup latency ({run.Samples.Count} lookups, {run.QueriesPerLookup} queries each)",
            [Series(run)],
            run.SourceDescription);
    }

    /// <summary>The variants of a comparison overlaid, one series each.</summary>
    public static LatencyChart ToLatencyChart(this DnsComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new LatencyChart(
            $"{comparison.Name}: what-ifs side by side",
            comparison.Variants.Select(Series).ToArray(),
            comparison.Variants.Count > 0 ? comparison.Variants[0].SourceDescription : "no variants");
    }

    /// <summary>Wire queries per lookup and p50/p99 of each variant, as grouped bars.</summary>
    public static BarChart ToQueryCountChart(this DnsComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var labels = comparison.Variants.Select(v => v.Label).ToArray();
        return new BarChart(
            $"{comparison.Name}: queries on the wire per lookup",
            "queries per lookup",
            labels,
            [new BarSeries("queries per lookup", comparison.Variants.Select(v => (double)v.QueriesPerLookup).ToArray())],
            comparison.Variants.Count > 0 ? comparison.Variants[0].SourceDescription : "no variants");
    }

    /// <summary>One lookup as a waterfall: every wire query in order against a budget.</summary>
    public static WaterfallChart ToWaterfall(this DnsProbeResult result, string source, double budgetMs = WaterfallChart.DefaultBudgetMs)
    {
        ArgumentNullException.ThrowIfNull(result);
        var steps = result.Queries
            .Select((q, i) => new WaterfallStep(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {q.Type} {q.Name} {q.Rcode}"), q.Ms))
            .ToArray();
        return new WaterfallChart($"{result.Name}: one lookup, query by query", steps, budgetMs, source);
    }

    /// <summary>Where the queries of a run went: lookups → candidate names → rcodes, weighted by query count.</summary>
    public static SankeyChart ToQueryFlow(this DnsProbeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var queries = run.Samples.SelectMany(s => s.Queries).ToArray();
        var nodes = new List<string> { $"{run.Request.Name} ({run.Samples.Count} lookups)" };
        var names = queries.Select(q => q.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var rcodes = queries.Select(q => q.Rcode).Distinct(StringComparer.Ordinal).ToArray();
        nodes.AddRange(names);
        nodes.AddRange(rcodes);
        var links = new List<SankeyLink>();
        for (var i = 0; i < names.Length; i++)
        {
            var forName = queries.Where(q => string.Equals(q.Name, names[i], StringComparison.OrdinalIgnoreCase)).ToArray();
            links.Add(new SankeyLink(0, 1 + i, forName.Length));
            links.AddRange(forName.GroupBy(q => q.Rcode, StringComparer.Ordinal)
                .Select(g => new SankeyLink(1 + i, 1 + names.Length + Array.IndexOf(rcodes, g.Key), g.Count())));
        }

        return new SankeyChart($"{run.Request.Name}: where {queries.Length} queries went", nodes, links, run.SourceDescription);
    }

    private static LatencySeries Series(DnsProbeRun run) => new(run.Label, run.Samples.Select(s => s.TotalMs).ToArray());
}
