using Companion.Core.Charts;
using Plotly.NET;
using Plotly.NET.CSharp;
using CChart = Plotly.NET.CSharp.Chart;

namespace Companion.Charts;

/// <summary>Bars, Sankey and waterfall figures (no Plotly.NET default template: see <see cref="LatencyFigure"/>).</summary>
internal static class OtherFigures
{
    public static GenericChart Bars(BarChart chart)
    {
        var bars = chart.Series.Select(s =>
            CChart.Column<double, string, string>(values: s.Values.ToArray(), Keys: chart.Categories.ToArray(), Name: s.Label, UseDefaults: false));
        return CChart.Combine(bars)
            .WithYAxisStyle<double, double, string>(TitleText: chart.ValueTitle)
            .WithTitleText(chart.Title);
    }

    public static GenericChart Sankey(SankeyChart chart) =>
        CChart.Sankey<double, string>(
                nodeLabels: chart.Nodes.ToArray(),
                linkedNodeIds: chart.Links.Select(l => (l.From, l.To)).ToArray(),
                linkValues: chart.Links.Select(l => l.Value).ToArray(), UseDefaults: false)
            .WithTitleText(chart.Title);

    public static GenericChart Waterfall(WaterfallChart chart)
    {
        var labels = chart.Steps.Select(s => s.Label).Append("total").ToArray();
        var values = chart.Steps.Select(s => s.Ms).Append(0).ToArray();
        var measures = chart.Steps.Select(_ => StyleParam.WaterfallMeasure.Relative).Append(StyleParam.WaterfallMeasure.Total).ToArray();
        var waterfall = CChart.Waterfall<string, double, string>(x: labels, y: values, Name: "journey", Measure: measures, UseDefaults: false);
        var budget = CChart.Line<string, double, string>(
            x: labels, y: labels.Select(_ => chart.BudgetMs).ToArray(), Name: $"budget {chart.BudgetMs} ms",
            LineDash: StyleParam.DrawingStyle.Dash, UseDefaults: false);
        return CChart.Combine([waterfall, budget])
            .WithYAxisStyle<double, double, string>(TitleText: "cumulative ms")
            .WithTitleText(chart.Title);
    }
}
