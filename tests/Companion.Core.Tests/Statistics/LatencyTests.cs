using Companion.Core.Statistics;

namespace Companion.Core.Tests.Statistics;

public sealed class LatencyTests
{
    public sealed class Summarize
    {
        [Fact]
        public void uses_nearest_rank_percentiles()
        {
            // Given 1..100 ms shuffled
            var ms = Enumerable.Range(1, 100).Select(i => (double)i).OrderBy(i => (i * 37) % 101).ToArray();

            // When
            var s = Latency.Summarize(ms, wall: TimeSpan.FromSeconds(2));

            // Then
            s.Should().BeEquivalentTo(new { Count = 100, P50Ms = 50.0, P90Ms = 90.0, P99Ms = 99.0, MaxMs = 100.0, MinMs = 1.0, MeanMs = 50.5, Qps = 50.0 });
        }

        [Fact]
        public void one_sample_is_every_percentile()
        {
            // Given / When
            var s = Latency.Summarize([3.5]);

            // Then
            s.Should().BeEquivalentTo(new { Count = 1, P50Ms = 3.5, P99Ms = 3.5, MaxMs = 3.5, Qps = 0.0 });
        }

        [Fact]
        public void ignores_non_finite_values_and_keeps_outcome_counts()
        {
            // Given / When
            var s = Latency.Summarize([double.NaN, -1, 2, double.PositiveInfinity], new Dictionary<string, int> { ["Timeout"] = 2 });

            // Then
            s.Count.Should().Be(1);
            s.Outcomes.Should().Equal(new Dictionary<string, int> { ["Timeout"] = 2 });
        }

        [Fact]
        public void an_empty_list_is_all_zero()
        {
            Latency.Summarize([]).Should().BeEquivalentTo(new { Count = 0, P50Ms = 0.0, MaxMs = 0.0 });
        }

        [Theory]
        [InlineData(0, 1.0)]
        [InlineData(10, 1.0)]
        [InlineData(11, 2.0)]
        [InlineData(100, 10.0)]
        public void percentile_of_ten_values(double p, double expected)
        {
            Latency.Percentile(Enumerable.Range(1, 10).Select(i => (double)i).ToArray(), p).Should().Be(expected);
        }
    }

    public sealed class Compare
    {
        [Fact]
        public void gives_after_over_before_ratios_and_deltas()
        {
            // Given
            var before = Latency.Summarize([10, 10, 10, 20], wall: TimeSpan.FromSeconds(1));
            var after = Latency.Summarize([5, 5, 5, 5], wall: TimeSpan.FromSeconds(0.5));

            // When
            var c = Latency.Compare(before, after);

            // Then
            c.P50Ratio.Should().Be(0.5);
            c.P99Ratio.Should().Be(0.25);
            c.QpsRatio.Should().Be(2.0);
            c.P50DeltaMs.Should().Be(-5);
        }

        [Fact]
        public void a_zero_baseline_gives_zero_ratios_not_infinity()
        {
            Latency.Compare(LatencySummary.Empty, Latency.Summarize([1.0])).P50Ratio.Should().Be(0);
        }
    }
}
