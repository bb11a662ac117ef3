using System.Globalization;
using Companion.Core.Charts;
using Plotly.NET;
using Plotly.NET.CSharp;
using CChart = Plotly.NET.CSharp.Chart;

namespace Companion.Charts;

/// <summary>
/// Histogram (top, pre-binned bars) and ECDF (bottom, reduced to exact points) of each latency series, with p50, p99 and max
/// marked on the ECDF at their exact values.
/// </summary>
internal static class LatencyFigure
{
    public static GenericChart Build(LatencyChart chart)
    {
        // Binned and reduced in Core: Plotly.NET serialises a few hundred bars and at most ~1,000 ECDF points per series
        // instead of every sample twice. UseDefaults: false on every trace: Plotly.NET's default template costs ~0.5 s of
        // GenericChart.toFigureJson per figure (measured: a 3-point scatter 0.5-2 s with it, < 1 ms without); plotly.js
        // then draws with its own defaults.
        var bins = LatencyBins.For(chart.Series.Select(s => s.SamplesMs));
        var centers = Enumerable.Range(0, bins.Count).Select(bins.Center).ToArray();
        var histograms = new List<GenericChart>();
        var ecdfs = new List<GenericChart>();
        foreach (var series in chart.Series)
        {
            histograms.Add(CChart.Column<double, double, string>(
                values: bins.CountsOf(series.SamplesMs).Select(c => (double)c).ToArray(), Keys: centers, Name: series.Label,
                Opacity: 0.6, Width: bins.Width, UseDefaults: false));
            var points = LatencyEcdf.Reduced(series.SamplesMs);
            ecdfs.Add(CChart.Line<double, double, string>(
                x: points.Select(p => p.Ms).ToArray(), y: points.Select(p => p.Fraction).ToArray(),
                Name: $"{series.Label} ECDF", ShowLegend: false, UseDefaults: false));
            ecdfs.Add(Marks(series));
        }

        var top = CChart.Combine(histograms)
            .WithXAxisStyle<double, double, string>(TitleText: "latency (ms)")
            .WithYAxisStyle<double, double, string>(TitleText: "samples");
        var bottom = CChart.Combine(ecdfs)
            .WithXAxisStyle<double, double, string>(TitleText: "latency (ms)")
            .WithYAxisStyle<double, double, string>(TitleText: "fraction ≤ x");
        return CChart.Grid([top, bottom], nRows: 2, nCols: 1)
            .WithTitleText(chart.Title)
            .WithLayoutValue("barmode", "overlay")
            .WithLayoutValue("bargap", 0);
    }

    private static GenericChart Marks(LatencySeries series)
    {
        var marks = LatencyMarks.Of(series.SamplesMs);
        var f = CultureInfo.InvariantCulture;
        string[] labels =
        [
            string.Create(f, $"p50 {marks.P50:0.###} ms"),
            string.Create(f, $"p99 {marks.P99:0.###} ms"),
            string.Create(f, $"max {marks.Max:0.###} ms"),
        ];
        return CChart.Scatter<double, double, string>(
            x: [marks.P50, marks.P99, marks.Max], y: [0.5, 0.99, 1.0], mode: StyleParam.Mode.Markers_Text,
            Name: $"{series.Label} p50/p99/max", MultiText: labels, TextPosition: StyleParam.TextPosition.TopLeft, UseDefaults: false);
    }
}
