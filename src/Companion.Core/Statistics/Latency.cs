namespace Companion.Core.Statistics;

/// <summary>Latency statistics: nearest-rank percentiles, outcome counts, throughput, and before/after comparisons.</summary>
public static class Latency
{
    /// <summary>
    /// Summarizes latencies in milliseconds. <paramref name="outcomes"/> are counts per outcome name (copied as given);
    /// <paramref name="wall"/> is the wall time the samples took, used for <see cref="LatencySummary.Qps"/>.
    /// Non-finite or negative values are ignored.
    /// </summary>
    public static LatencySummary Summarize(IReadOnlyList<double> ms, IReadOnlyDictionary<string, int>? outcomes = null, TimeSpan? wall = null)
    {
        ArgumentNullException.ThrowIfNull(ms);
        var sorted = ms.Where(v => double.IsFinite(v) && v >= 0).Order().ToArray();
        var counts = outcomes is null
            ? new Dictionary<string, int>()
            : new Dictionary<string, int>(outcomes, StringComparer.Ordinal);
        if (sorted.Length == 0)
        {
            return LatencySummary.Empty with { Outcomes = counts };
        }

        var qps = wall is { } w && w > TimeSpan.Zero ? sorted.Length / w.TotalSeconds : 0;
        return new LatencySummary(
            sorted.Length,
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            Percentile(sorted, 99),
            sorted[^1],
            sorted[0],
            sorted.Average(),
            qps,
            counts);
    }

    /// <summary>Nearest-rank percentile of an ascending array: the smallest value with at least p % of values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sortedAscending, double percent)
    {
        ArgumentNullException.ThrowIfNull(sortedAscending);
        if (sortedAscending.Count == 0)
        {
            return 0;
        }

        var p = Math.Clamp(percent, 0, 100);
        var rank = (int)Math.Ceiling(p / 100.0 * sortedAscending.Count);
        return sortedAscending[Math.Clamp(rank - 1, 0, sortedAscending.Count - 1)];
    }

    /// <summary>Compares two summaries: ratios after / before (0 when before is 0), deltas after − before.</summary>
    public static LatencyComparison Compare(LatencySummary before, LatencySummary after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new LatencyComparison(
            before,
            after,
            Ratio(after.P50Ms, before.P50Ms),
            Ratio(after.P99Ms, before.P99Ms),
            Ratio(after.MaxMs, before.MaxMs),
            Ratio(after.Qps, before.Qps),
            after.P50Ms - before.P50Ms,
            after.P99Ms - before.P99Ms);
    }

    private static double Ratio(double after, double before) => before > 0 ? after / before : 0;
}
