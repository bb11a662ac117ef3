using System.Globalization;
using System.Text;
using Companion.Core.Dns;
using Companion.Core.Statistics;

namespace Companion.Core.Rendering;

/// <summary>HTML for DNS plans, lookups, runs and comparisons. Model in, string out; every value is encoded.</summary>
public static class DnsHtml
{
    private const string Style =
        "<style>.dns-table{border-collapse:collapse;font-family:monospace;font-size:12px}" +
        ".dns-table th,.dns-table td{border:1px solid #ccc;padding:2px 6px;text-align:left}" +
        ".dns-ok{background:#e6f4ea}.dns-nodata{background:#fff4d6}.dns-nx{background:#fde2e1}" +
        ".dns-fail{background:#f8c6c4}.dns-timeout{background:#e8d5f5}.dns-note{color:#555;font-size:12px}</style>";

    public static string Render(DnsQueryPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder(Style);
        sb.Append("<div class=\"dns-plan\"><p><b>").Append(E(plan.Name)).Append("</b> — ").Append(E(Libc(plan.Libc)))
          .Append(", ndots ").Append(E(plan.Conf.Ndots)).Append(", search [").Append(E(string.Join(' ', plan.Conf.Search))).Append("]</p>")
          .Append("<p class=\"dns-note\">").Append(E(plan.Explanation)).Append("</p>")
          .Append("<table class=\"dns-table\"><thead><tr><th>#</th><th>type</th><th>name</th></tr></thead><tbody>");
        for (var i = 0; i < plan.Queries.Count; i++)
        {
            var q = plan.Queries[i];
            sb.Append("<tr><td>").Append(E(i + 1)).Append("</td><td>").Append(E(q.Type.ToString())).Append("</td><td>")
              .Append(E(q.Name)).Append("</td></tr>");
        }

        return sb.Append("</tbody></table></div>").ToString();
    }

    public static string Render(DnsProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder(Style);
        sb.Append("<div class=\"dns-result\"><p><b>").Append(E(result.Name)).Append("</b> — ").Append(E(Libc(result.Libc)))
          .Append(": <span class=\"").Append(Css(result.Outcome)).Append("\">").Append(E(result.Outcome.ToString())).Append("</span> in ")
          .Append(E(Ms(result.TotalMs))).Append(" ms, ").Append(E(result.Queries.Count)).Append(" queries on the wire");
        if (result.Addresses.Count > 0)
        {
            sb.Append(", addresses ").Append(E(string.Join(", ", result.Addresses)));
        }

        sb.Append("</p>");
        AppendQueries(sb, result.Queries);
        return sb.Append("</div>").ToString();
    }

    public static string Render(DnsProbeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sb = new StringBuilder(Style);
        sb.Append("<div class=\"dns-run\"><p><b>").Append(E(run.Label)).Append("</b> — ").Append(E(run.Request.Name)).Append(", ")
          .Append(E(run.Samples.Count)).Append(" lookups, concurrency ").Append(E(run.Request.Concurrency)).Append("</p>")
          .Append("<p class=\"dns-note\">").Append(E(run.SourceDescription)).Append("</p>");
        AppendSummaryTable(sb, [(run.Label, run.QueriesPerLookup, run.Summary)]);
        if (run.Samples.Count > 0)
        {
            sb.Append("<p>First lookup, every query on the wire:</p>");
            AppendQueries(sb, run.Samples[0].Queries);
        }

        return sb.Append("</div>").ToString();
    }

    public static string Render(DnsComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var sb = new StringBuilder(Style);
        sb.Append("<div class=\"dns-compare\"><p><b>").Append(E(comparison.Name)).Append("</b>: what-ifs side by side</p>");
        if (comparison.Variants.Count > 0)
        {
            sb.Append("<p class=\"dns-note\">").Append(E(comparison.Variants[0].SourceDescription)).Append("</p>");
        }

        AppendSummaryTable(sb, comparison.Variants.Select(v => (v.Label, v.QueriesPerLookup, v.Summary)).ToList());
        return sb.Append("</div>").ToString();
    }

    private static void AppendQueries(StringBuilder sb, IReadOnlyList<DnsWireQuery> queries)
    {
        sb.Append("<table class=\"dns-table\"><thead><tr><th>#</th><th>start ms</th><th>type</th><th>name</th><th>rcode</th>")
          .Append("<th>answers</th><th>ms</th><th>server</th><th>proto</th></tr></thead><tbody>");
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            sb.Append("<tr class=\"").Append(Css(q.Outcome)).Append("\"><td>").Append(E(i + 1)).Append("</td><td>").Append(E(Ms(q.StartMs)))
              .Append("</td><td>").Append(E(q.Type.ToString())).Append("</td><td>").Append(E(q.Name)).Append("</td><td>").Append(E(q.Rcode))
              .Append("</td><td>").Append(E(string.Join(", ", q.Answers))).Append("</td><td>").Append(E(Ms(q.Ms))).Append("</td><td>")
              .Append(E(q.Server)).Append("</td><td>").Append(q.Tcp ? "TCP" : "UDP").Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
    }

    private static void AppendSummaryTable(StringBuilder sb, IReadOnlyList<(string Label, int Queries, LatencySummary Summary)> rows)
    {
        sb.Append("<table class=\"dns-table\"><thead><tr><th>variant</th><th>queries/lookup</th><th>n</th><th>p50 ms</th><th>p90 ms</th>")
          .Append("<th>p99 ms</th><th>max ms</th><th>qps</th><th>outcomes</th></tr></thead><tbody>");
        foreach (var (label, queries, s) in rows)
        {
            var outcomes = string.Join(", ", s.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"));
            sb.Append("<tr><td>").Append(E(label)).Append("</td><td>").Append(E(queries)).Append("</td><td>").Append(E(s.Count))
              .Append("</td><td>").Append(E(Ms(s.P50Ms))).Append("</td><td>").Append(E(Ms(s.P90Ms))).Append("</td><td>").Append(E(Ms(s.P99Ms)))
              .Append("</td><td>").Append(E(Ms(s.MaxMs))).Append("</td><td>").Append(E(s.Qps.ToString("F0", CultureInfo.InvariantCulture)))
              .Append("</td><td>").Append(E(outcomes)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
    }

    private static string Css(DnsOutcome outcome) => outcome switch
    {
        DnsOutcome.NoError => "dns-ok",
        DnsOutcome.NoData => "dns-nodata",
        DnsOutcome.NxDomain => "dns-nx",
        DnsOutcome.Timeout => "dns-timeout",
        _ => "dns-fail",
    };

    private static string Libc(ResolverLibc libc) => libc == ResolverLibc.Glibc ? "glibc" : "musl";

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string E(string? s) => Html.Encode(s);

    private static string E(int i) => Html.Encode(i);
}
