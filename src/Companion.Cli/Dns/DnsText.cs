using System.Globalization;
using System.Text;
using Companion.Core.Dns;
using Companion.Core.Statistics;

namespace Companion.Cli.Dns;

/// <summary>Readable text tables for `companion dns` without --json.</summary>
internal static class DnsText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Plan(DnsQueryPlan plan)
    {
        var sb = new StringBuilder();
        sb.AppendLine(plan.Explanation);
        for (var i = 0; i < plan.Queries.Count; i++)
        {
            sb.AppendLine(string.Format(Inv, "{0,3}  {1,-5} {2}", i + 1, plan.Queries[i].Type, plan.Queries[i].Name));
        }

        return sb.ToString();
    }

    public static string Result(DnsProbeResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Format(Inv, "{0} ({1}): {2} in {3:F2} ms, {4} queries{5}", result.Name, DnsJson.LibcName(result.Libc), result.Outcome,
            result.TotalMs, result.Queries.Count, result.Addresses.Count > 0 ? ", addresses " + string.Join(", ", result.Addresses) : ""));
        sb.AppendLine(string.Format(Inv, "{0,3}  {1,9}  {2,-5} {3,-48} {4,-9} {5,9}  {6}", "#", "start ms", "type", "name", "rcode", "ms", "answers"));
        for (var i = 0; i < result.Queries.Count; i++)
        {
            var q = result.Queries[i];
            sb.AppendLine(string.Format(Inv, "{0,3}  {1,9:F3}  {2,-5} {3,-48} {4,-9} {5,9:F3}  {6}", i + 1, q.StartMs, q.Type, q.Name, q.Rcode, q.Ms,
                string.Join(", ", q.Answers)) + (q.Tcp ? "  (tcp)" : ""));
        }

        return sb.ToString();
    }

    public static string Run(DnsProbeRun run)
    {
        var sb = new StringBuilder();
        sb.AppendLine(run.SourceDescription);
        sb.Append(Result(run.Samples[0]));
        if (run.Samples.Count > 1)
        {
            sb.AppendLine(SummaryHeader());
            sb.AppendLine(SummaryRow(run.Label, run.QueriesPerLookup, run.Summary));
        }

        return sb.ToString();
    }

    public static string Compare(DnsComparison comparison)
    {
        var sb = new StringBuilder();
        if (comparison.Variants.Count > 0)
        {
            sb.AppendLine(comparison.Variants[0].SourceDescription);
        }

        sb.AppendLine(SummaryHeader());
        foreach (var v in comparison.Variants)
        {
            sb.AppendLine(SummaryRow(v.Label, v.QueriesPerLookup, v.Summary));
        }

        return sb.ToString();
    }

    private static string SummaryHeader() =>
        string.Format(Inv, "{0,-44} {1,7} {2,6} {3,9} {4,9} {5,9} {6,9} {7,8}  {8}", "variant", "queries", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "qps", "outcomes");

    private static string SummaryRow(string label, int queries, LatencySummary s) =>
        string.Format(Inv, "{0,-44} {1,7} {2,6} {3,9:F3} {4,9:F3} {5,9:F3} {6,9:F3} {7,8:F0}  {8}", label, queries, s.Count, s.P50Ms, s.P90Ms, s.P99Ms, s.MaxMs, s.Qps,
            string.Join(", ", s.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
}
