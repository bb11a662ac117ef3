using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Companion.Charts;
using Companion.Core.Charts;

namespace Companion.Charts.Tests;

/// <summary>The latency chart of a large run carries bins and a reduced ECDF, not every sample (issue 7 finding).</summary>
public sealed partial class LatencyChartRenderingTests
{
    // 10,000 distinct, long-tailed samples: most 0.2-1.2 ms, every 100th up to 20 ms.
    private static double[] Spread(int n) =>
        [.. Enumerable.Range(1, n).Select(i => 0.2 + (i * 7919 % 1000) / 1000.0 * (i % 100 == 0 ? 20 : 1) + (i * 1e-7))];

    [GeneratedRegex(@"var fig=(\{.*?\});var id=", RegexOptions.Singleline)]
    private static partial Regex FigurePattern();

    private static JsonElement Figure(string html) => JsonDocument.Parse(FigurePattern().Match(html).Groups[1].Value.Replace("\\u003c", "<", StringComparison.Ordinal)).RootElement;

    [Fact]
    public void ten_thousand_samples_render_smaller_than_the_samples_themselves()
    {
        // Given 10,000 samples (the first version's all-samples chart of such a run was 212 KiB)
        var samples = Spread(10_000);

        // When rendering the latency chart
        var html = new PlotlyChartRenderer().Render(new LatencyChart("probe", [new LatencySeries("probe", samples)], "test"));

        // Then the whole fragment is smaller than the bare sample list as JSON, which an all-samples histogram alone would carry
        var bytes = Encoding.UTF8.GetByteCount(html);
        var samplesJson = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(samples));
        TestContext.Current.TestOutputHelper?.WriteLine($"chart {bytes:N0} bytes; the samples alone as JSON {samplesJson:N0} bytes");
        bytes.Should().BeLessThan(samplesJson);
        new HtmlParser().ParseDocument(html).QuerySelectorAll(".companion-plot").Should().ContainSingle();
    }

    [Fact]
    public void the_bars_count_every_sample_and_the_marks_and_ecdf_ends_are_exact()
    {
        // Given 10,000 samples and their exact marks
        var samples = Spread(10_000);
        var marks = LatencyMarks.Of(samples);

        // When rendering
        var data = Figure(new PlotlyChartRenderer().Render(new LatencyChart("probe", [new LatencySeries("probe", samples)], "test"))).GetProperty("data");

        // Then: bars (one per bin) summing to 10,000; an ECDF of at most 1,000 points ending at (max, 1); p50/p99/max at their exact values
        var traces = data.EnumerateArray().ToList();
        var bars = traces.Single(t => t.GetProperty("type").GetString() == "bar");
        bars.GetProperty("y").EnumerateArray().Sum(y => y.GetDouble()).Should().Be(10_000);
        var ecdf = traces.Single(t => t.GetProperty("name").GetString() == "probe ECDF");
        var x = ecdf.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToList();
        x.Should().HaveCountLessThanOrEqualTo(LatencyEcdf.DefaultMaxPoints).And.Contain([samples.Min(), marks.P50, marks.P99, marks.Max]);
        ecdf.GetProperty("y").EnumerateArray().Last().GetDouble().Should().Be(1.0);
        var marked = traces.Single(t => t.GetProperty("name").GetString() == "probe p50/p99/max");
        marked.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).Should().Equal(marks.P50, marks.P99, marks.Max);
        marked.GetProperty("text").EnumerateArray().Select(v => v.GetString()).Should().Equal(
            string.Create(CultureInfo.InvariantCulture, $"p50 {marks.P50:0.###} ms"), string.Create(CultureInfo.InvariantCulture, $"p99 {marks.P99:0.###} ms"),
            string.Create(CultureInfo.InvariantCulture, $"max {marks.Max:0.###} ms"));
    }
}
