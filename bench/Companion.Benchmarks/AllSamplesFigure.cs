using Companion.Core.Charts;
using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace Companion.Benchmarks;

/// <summary>
/// The first version's latency figure, kept here only as the same-run baseline: a Plotly histogram of every sample plus an
/// ECDF line through every sample, serialised by Plotly.NET. The product chart (LatencyFigure) bins and reduces in Core.
/// </summary>
public static class AllSamplesFigure
{
    public static string Json(IReadOnlyList<double> samplesMs)
    {
        var points = LatencyMarks.Ecdf(samplesMs);
        var histogram = CChart.Histogram<double, double, string>(X: samplesMs.ToArray(), Name: "probe", Opacity: 0.6);
        var ecdf = CChart.Line<double, double, string>(
            x: points.Select(p => p.Ms).ToArray(), y: points.Select(p => p.Fraction).ToArray(), Name: "probe ECDF", ShowLegend: false);
        return GenericChart.toFigureJson(CChart.Grid([histogram, ecdf], nRows: 2, nCols: 1));
    }
}
