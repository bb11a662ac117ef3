namespace Companion.Core.Charts;

/// <summary>
/// The empirical CDF of a latency series, reduced to at most a given number of points for drawing. Every point is a real
/// sample x with y = (samples ≤ x) / n exactly; the minimum, nearest-rank p50, p90 and p99, and the maximum are always
/// among them, and the rest are spread evenly in rank (every 1/k of the samples).
/// </summary>
public static class LatencyEcdf
{
    /// <summary>The most ECDF points a chart draws per series.</summary>
    public const int DefaultMaxPoints = 1000;

    private static readonly int[] KeptPercentiles = [50, 90, 99];

    /// <summary>The reduced ECDF (NaN and negative samples are ignored). Empty for no samples.</summary>
    public static IReadOnlyList<(double Ms, double Fraction)> Reduced(IEnumerable<double> samplesMs, int maxPoints = DefaultMaxPoints)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, KeptPercentiles.Length + 3);
        var sorted = samplesMs.Where(LatencyBins.IsValid).Order().ToArray();
        var n = sorted.Length;
        if (n == 0)
        {
            return [];
        }

        var spread = maxPoints - KeptPercentiles.Length - 2;
        var ranks = new SortedSet<int> { 0, n - 1 };
        foreach (var p in KeptPercentiles)
        {
            ranks.Add(Math.Clamp((int)Math.Ceiling(p / 100.0 * n), 1, n) - 1);
        }

        for (var k = 1; k <= Math.Min(spread, n); k++)
        {
            ranks.Add((int)Math.Ceiling((double)k * n / Math.Min(spread, n)) - 1);
        }

        // Each rank moves to the last of its run of equal samples, so the point's fraction is exactly F(x).
        var points = new List<(double Ms, double Fraction)>(ranks.Count);
        var lastIndex = -1;
        foreach (var rank in ranks)
        {
            var last = LastOfRun(sorted, rank);
            if (last != lastIndex)
            {
                points.Add((sorted[last], (last + 1) / (double)n));
                lastIndex = last;
            }
        }

        return points;
    }

    private static int LastOfRun(double[] sorted, int index)
    {
        var value = sorted[index];
        var lo = index;
        var hi = sorted.Length - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (sorted[mid] == value)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
