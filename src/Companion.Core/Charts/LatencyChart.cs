namespace Companion.Core.Charts;

/// <summary>
/// Latency samples drawn as a histogram and an ECDF, one trace per series, with p50, p99 and max marked.
/// </summary>
/// <param name="Title">The chart title.</param>
/// <param name="Series">One or more labelled series (overlaid for before/after comparisons).</param>
/// <param name="Source">Which source or server produced the samples; shown under the chart.</param>
public sealed record LatencyChart(string Title, IReadOnlyList<LatencySeries> Series, string Source);
