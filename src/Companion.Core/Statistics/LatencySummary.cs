namespace Companion.Core.Statistics;

/// <summary>
/// Percentiles (nearest rank) of a set of latencies in milliseconds, outcome counts, and throughput
/// (<paramref name="Qps"/>: samples per second of wall time, 0 when the wall time is unknown).
/// </summary>
public sealed record LatencySummary(
    int Count,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MinMs,
    double MeanMs,
    double Qps,
    IReadOnlyDictionary<string, int> Outcomes)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>());
}
