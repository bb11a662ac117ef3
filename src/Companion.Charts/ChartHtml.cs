namespace Companion.Charts;

/// <summary>Turns Core chart models into Plotly.NET charts and HTML fragments.</summary>
public static class ChartHtml
{
}
