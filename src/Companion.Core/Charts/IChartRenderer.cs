namespace Companion.Core.Charts;

/// <summary>
/// Turns chart models into HTML fragments. Implemented by Companion.Charts (Plotly.NET), which the notebook host loads in an
/// isolated load context: only these Core records go in and strings come out.
/// </summary>
public interface IChartRenderer
{
    /// <summary>A script element that defines <c>window.Plotly</c> from the embedded plotly.js, with AMD define hidden.</summary>
    string PlotlyScriptHtml();

    /// <summary>Histogram and ECDF of each series with p50, p99 and max marked.</summary>
    string Render(LatencyChart chart);

    /// <summary>Grouped bars.</summary>
    string Render(BarChart chart);

    /// <summary>A Sankey diagram.</summary>
    string Render(SankeyChart chart);

    /// <summary>A waterfall against the budget.</summary>
    string Render(WaterfallChart chart);
}
