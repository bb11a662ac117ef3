using Companion.Core.Statistics;

namespace Companion.Core.Dns;

/// <summary>Repeated lookups of one request: every sample, the plan, the latency summary and where the answers came from.</summary>
public sealed record DnsProbeRun(
    DnsProbeRequest Request,
    DnsQueryPlan Plan,
    IReadOnlyList<DnsProbeResult> Samples,
    LatencySummary Summary,
    string SourceDescription)
{
    /// <summary>The label of the request, or a description built from it.</summary>
    public string Label => Request.Label.Length > 0 ? Request.Label : Request.Name;

    /// <summary>Wire queries per lookup in the first sample (the same for every sample unless answers changed).</summary>
    public int QueriesPerLookup => Samples.Count == 0 ? 0 : Samples[0].Queries.Count;
}
