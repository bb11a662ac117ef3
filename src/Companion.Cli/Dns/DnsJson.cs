using System.Text.Json.Serialization;
using Companion.Core.Dns;
using Companion.Core.Statistics;

namespace Companion.Cli.Dns;

/// <summary>The JSON shapes of `companion dns` (camelCase via <see cref="CliIo.Json"/>).</summary>
internal static class DnsJson
{
    public sealed record QueryJson(string Type, string Name);

    public sealed record PlanJson(string Name, string Libc, int Ndots, IReadOnlyList<string> Search, IReadOnlyList<string> Candidates,
        IReadOnlyList<QueryJson> Queries, string Explanation, IReadOnlyList<string> Diagnostics);

    public sealed record WireJson(string Type, string Name, string Rcode, string Outcome, IReadOnlyList<string> Answers, double Ms, double StartMs, string Server, bool Tcp);

    public sealed record SummaryJson(int Count, double Qps, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MinMs, double MeanMs,
        IReadOnlyDictionary<string, int> Outcomes);

    public sealed record SampleJson(string Outcome, double TotalMs, int Queries);

    public sealed record ProbeJson(string Name, string Libc, string Outcome, double TotalMs, IReadOnlyList<WireJson> Queries, IReadOnlyList<string> Addresses,
        string Source,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SummaryJson? Summary,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SampleJson>? Samples);

    public sealed record VariantJson(string Label, string Name, int QueriesPerLookup, SummaryJson Summary);

    public sealed record CompareJson(string Name, string Libc, string Source, IReadOnlyList<VariantJson> Variants);

    public static string LibcName(ResolverLibc libc) => libc == ResolverLibc.Musl ? "musl" : "glibc";

    public static PlanJson Plan(DnsQueryPlan plan, IEnumerable<string> diagnostics) =>
        new(plan.Name, LibcName(plan.Libc), plan.Conf.Ndots, plan.Conf.Search, plan.Candidates,
            plan.Queries.Select(q => new QueryJson(q.Type.ToString(), q.Name)).ToArray(), plan.Explanation, diagnostics.ToArray());

    public static WireJson Wire(DnsWireQuery q) =>
        new(q.Type.ToString(), q.Name.TrimEnd('.'), q.Rcode, q.Outcome.ToString(), q.Answers, Math.Round(q.Ms, 3), Math.Round(q.StartMs, 3), q.Server, q.Tcp);

    public static SummaryJson Summary(LatencySummary s) =>
        new(s.Count, Math.Round(s.Qps, 1), R(s.P50Ms), R(s.P90Ms), R(s.P99Ms), R(s.MaxMs), R(s.MinMs), R(s.MeanMs), s.Outcomes);

    public static ProbeJson Probe(DnsProbeRun run)
    {
        var first = run.Samples[0];
        var many = run.Samples.Count > 1;
        return new ProbeJson(first.Name, LibcName(first.Libc), first.Outcome.ToString(), R(first.TotalMs), first.Queries.Select(Wire).ToArray(),
            first.Addresses, run.SourceDescription,
            many ? Summary(run.Summary) : null,
            many ? run.Samples.Select(s => new SampleJson(s.Outcome.ToString(), R(s.TotalMs), s.Queries.Count)).ToArray() : null);
    }

    public static CompareJson Compare(DnsComparison c) =>
        new(c.Name, c.Variants.Count > 0 ? LibcName(c.Variants[0].Request.Libc) : "glibc", c.Variants.Count > 0 ? c.Variants[0].SourceDescription : "",
            c.Variants.Select(v => new VariantJson(v.Label, v.Request.Name, v.QueriesPerLookup, Summary(v.Summary))).ToArray());

    private static double R(double ms) => Math.Round(ms, 3);
}
