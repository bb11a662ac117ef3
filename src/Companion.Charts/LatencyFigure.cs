using System.Globalization;
using Companion.Core.Charts;
using Plotly.NET;
using Plotly.NET.CSharp;
using CChart = Plotly.NET.CSharp.Chart;

namespace Companion.Charts;

/// <summary>Histogram (top) and ECDF (bottom) of each latency series, with p50, p99 and max marked on the ECDF.</summary>
internal static class LatencyFigure
{
    public static GenericChart Build(LatencyChart chart)
    {
        var histograms = new List<GenericChart>();
        var ecdfs = new List<GenericChart>();
        foreach (var series in chart.Series)
        {
            histograms.Add(CChart.Histogram<double, double, string>(
                X: series.SamplesMs.ToArray(), Name: series.Label, Opacity: 0.6));
            var points = LatencyMarks.Ecdf(series.SamplesMs);
            ecdfs.Add(CChart.Line<double, double, string>(
                x: points.Select(p => p.Ms).ToArray(), y: points.Select(p => p.Fraction).ToArray(),
                Name: $"{series.Label} ECDF", ShowLegend: false));
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
            .WithLayoutValue("barmode", "overlay");
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
            Name: $"{series.Label} p50/p99/max", MultiText: labels, TextPosition: StyleParam.TextPosition.TopLeft);
    }
}
