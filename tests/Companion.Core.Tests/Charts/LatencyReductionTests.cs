using Companion.Core.Charts;

namespace Companion.Core.Tests.Charts;

public static class LatencyReductionTests
{
    // A long-tailed spread like a DNS probe's: most samples 0.2-1.2 ms, every 100th up to 20 ms, many exact ties.
    private static double[] Spread(int n) =>
        [.. Enumerable.Range(1, n).Select(i => Math.Round(0.2 + (i * 7919 % 1000) / 1000.0 * (i % 100 == 0 ? 20 : 1), 3))];

    private static double Fraction(double[] samples, double x) => samples.Count(s => s <= x) / (double)samples.Length;

    private static double NearestRank(double[] samples, int p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length), 1, sorted.Length) - 1];
    }

    public sealed class Ecdf
    {
        [Fact]
        public void ten_thousand_samples_reduce_to_at_most_the_limit_with_every_point_exact()
        {
            // Given 10,000 long-tailed samples
            var samples = Spread(10_000);

            // When reducing the ECDF
            var points = LatencyEcdf.Reduced(samples);

            // Then at most 1,000 points, rising, and each one is a sample with exactly the fraction of samples at or below it
            points.Count.Should().BeInRange(900, LatencyEcdf.DefaultMaxPoints);
            points.Should().BeInAscendingOrder(p => p.Ms);
            points.Should().OnlyContain(p => samples.Contains(p.Ms) && p.Fraction == Fraction(samples, p.Ms));
        }

        [Fact]
        public void the_extremes_and_p50_p90_p99_are_always_drawn()
        {
            // Given 10,000 samples
            var samples = Spread(10_000);

            // When reducing to as few points as allowed
            var points = LatencyEcdf.Reduced(samples, maxPoints: 6);

            // Then min, p50, p90, p99 and max are among them, at their exact fractions
            double[] kept = [samples.Min(), NearestRank(samples, 50), NearestRank(samples, 90), NearestRank(samples, 99), samples.Max()];
            points.Select(p => p.Ms).Should().Contain(kept);
            points.Should().HaveCountLessThanOrEqualTo(6);
            points[^1].Should().Be((samples.Max(), 1.0));
            points[0].Should().Be((samples.Min(), Fraction(samples, samples.Min())));
        }

        [Fact]
        public void few_distinct_samples_are_kept_whole_and_bad_ones_ignored()
        {
            // Given four samples, a tie, a NaN and a negative
            // When reducing
            var points = LatencyEcdf.Reduced([4, 1, 3, 1, double.NaN, -2]);

            // Then one point per distinct value at the top of its step
            points.Should().Equal((1, 0.5), (3, 0.75), (4, 1.0));
            LatencyEcdf.Reduced([]).Should().BeEmpty();
        }
    }

    public sealed class Histogram
    {
        [Fact]
        public void every_sample_of_every_series_lands_in_exactly_one_shared_bin()
        {
            // Given two series with different ranges
            var a = Spread(10_000);
            var b = a.Select(s => s * 3).ToArray();

            // When binning them together
            var bins = LatencyBins.For([a, b]);
            var countsA = bins.CountsOf(a);
            var countsB = bins.CountsOf(b);

            // Then at most 200 bins cover both, and each count is the samples within that bin's edges
            bins.Count.Should().BeInRange(1, LatencyBins.DefaultMaxBins);
            countsA.Sum().Should().Be(a.Length);
            countsB.Sum().Should().Be(b.Length);
            bins.Start.Should().BeLessThanOrEqualTo(a.Min());
            (bins.Start + (bins.Count * bins.Width)).Should().BeGreaterThan(b.Max());
            var lo = bins.Start + (10 * bins.Width);
            countsA[10].Should().Be(a.Count(s => s >= lo && s < lo + bins.Width));
        }

        [Theory]
        [InlineData(0.0, 0.0)]
        [InlineData(5.0, 5.0)]
        [InlineData(0.0, 1000.0)]
        public void degenerate_ranges_still_give_valid_bins(double min, double max)
        {
            // Given samples spanning [min, max]
            double[] samples = [min, max, (min + max) / 2, double.NaN];

            // When binning
            var bins = LatencyBins.For([samples], maxBins: 50);

            // Then a positive width, no more bins than asked, and the three valid samples counted
            bins.Width.Should().BePositive();
            bins.Count.Should().BeInRange(1, 50);
            bins.CountsOf(samples).Sum().Should().Be(3);
            LatencyBins.For([[]]).Count.Should().Be(0);
        }
    }
}
