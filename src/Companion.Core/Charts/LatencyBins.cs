namespace Companion.Core.Charts;

/// <summary>
/// Equal-width histogram bins shared by every series of a latency chart (so overlaid bars line up), with a "nice" width
/// (1, 2, 2.5 or 5 × 10ⁿ ms). Bin i covers [Start + i·Width, Start + (i+1)·Width); the largest sample falls in the last bin.
/// The chart draws the counts as bars, so the renderer gets a few hundred numbers instead of every sample.
/// </summary>
/// <param name="Start">The left edge of the first bin, in ms.</param>
/// <param name="Width">The width of every bin, in ms.</param>
/// <param name="Count">How many bins (0 when there are no samples).</param>
public sealed record LatencyBins(double Start, double Width, int Count)
{
    /// <summary>The most bins a chart gets.</summary>
    public const int DefaultMaxBins = 200;

    private static readonly double[] Steps = [1, 2, 2.5, 5, 10];

    /// <summary>Bins covering every valid sample (NaN and negative samples are ignored) of all the series.</summary>
    public static LatencyBins For(IEnumerable<IEnumerable<double>> series, int maxBins = DefaultMaxBins)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        var valid = series.SelectMany(s => s).Where(IsValid).ToArray();
        if (valid.Length == 0)
        {
            return new LatencyBins(0, 1, 0);
        }

        double min = valid.Min(), max = valid.Max();
        var width = NiceAtLeast(max > min ? (max - min) / maxBins : Math.Max(max, 1e-3) / 10);
        while (true)
        {
            var start = Math.Floor(min / width) * width;
            var count = (int)Math.Floor((max - start) / width) + 1;
            if (count <= maxBins)
            {
                return new LatencyBins(start, width, count);
            }

            width = NiceAtLeast(width * 1.000001);
        }
    }

    /// <summary>The middle of bin <paramref name="index"/>, where its bar is drawn.</summary>
    public double Center(int index) => Start + ((index + 0.5) * Width);

    /// <summary>The index of the bin holding a sample (clamped to the bins), or -1 for an invalid sample.</summary>
    public int IndexOf(double sampleMs) =>
        !IsValid(sampleMs) || Count == 0 ? -1 : Math.Clamp((int)Math.Floor((sampleMs - Start) / Width), 0, Count - 1);

    /// <summary>How many valid samples of one series fall in each bin.</summary>
    public int[] CountsOf(IEnumerable<double> samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        var counts = new int[Count];
        foreach (var s in samplesMs)
        {
            var i = IndexOf(s);
            if (i >= 0)
            {
                counts[i]++;
            }
        }

        return counts;
    }

    internal static bool IsValid(double sample) => !double.IsNaN(sample) && !double.IsInfinity(sample) && sample >= 0;

    private static double NiceAtLeast(double raw)
    {
        var decade = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return Steps.Select(s => s * decade).First(w => w >= raw * (1 - 1e-12));
    }
}
