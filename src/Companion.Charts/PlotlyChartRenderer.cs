using Companion.Core.Charts;
using Plotly.NET;

namespace Companion.Charts;

/// <summary>
/// Builds each chart with Plotly.NET and returns an HTML fragment with no script reference: a div and a small script that
/// waits for <c>window.Plotly</c> (defined once per session by <see cref="PlotlyScriptHtml"/>) and calls <c>Plotly.newPlot</c>.
/// </summary>
public sealed class PlotlyChartRenderer : IChartRenderer
{
    /// <inheritdoc />
    public string PlotlyScriptHtml() => PlotlyScript.Html();

    /// <inheritdoc />
    public string Render(LatencyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return ChartFragment.Render(LatencyFigure.Build(chart), chart.Source, height: 620);
    }

    /// <inheritdoc />
    public string Render(BarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return ChartFragment.Render(OtherFigures.Bars(chart), chart.Source, height: 420);
    }

    /// <inheritdoc />
    public string Render(SankeyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return ChartFragment.Render(OtherFigures.Sankey(chart), chart.Source, height: 420);
    }

    /// <inheritdoc />
    public string Render(WaterfallChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return ChartFragment.Render(OtherFigures.Waterfall(chart), chart.Source, height: 420);
    }

    /// <summary>The Plotly.NET figure JSON of a chart (data and layout), for tests and for callers that embed it elsewhere.</summary>
    public static string FigureJson(GenericChart chart) => GenericChart.toFigureJson(chart);
}
