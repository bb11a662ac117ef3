namespace Companion.Core.Charts;

/// <summary>The marks drawn on a latency chart: nearest-rank p50 and p99, and the max. Zero for no samples.</summary>
public sealed record LatencyMarks(double P50, double P99, double Max, int Count)
{
    /// <summary>Computes the marks of a set of samples (NaN and negative samples are ignored).</summary>
    public static LatencyMarks Of(IEnumerable<double> samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        var sorted = samplesMs.Where(s => !double.IsNaN(s) && s >= 0).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencyMarks(0, 0, 0, 0);
        }

        return new LatencyMarks(NearestRank(sorted, 50), NearestRank(sorted, 99), sorted[^1], sorted.Length);
    }

    /// <summary>The empirical CDF points: each sorted sample and the fraction of samples at or below it.</summary>
    public static IReadOnlyList<(double Ms, double Fraction)> Ecdf(IEnumerable<double> samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        var sorted = samplesMs.Where(s => !double.IsNaN(s) && s >= 0).Order().ToArray();
        return sorted.Select((s, i) => (s, (i + 1) / (double)sorted.Length)).ToArray();
    }

    private static double NearestRank(double[] sorted, int percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
