namespace Companion.Core.Charts;

/// <summary>Grouped bars: one group per category, one bar per series (for example query counts per what-if).</summary>
/// <param name="Title">The chart title.</param>
/// <param name="ValueTitle">The value axis title, with its unit.</param>
/// <param name="Categories">The category labels along the axis.</param>
/// <param name="Series">The series; each has one value per category.</param>
/// <param name="Source">Which source or server produced the values; shown under the chart.</param>
public sealed record BarChart(
    string Title, string ValueTitle, IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series, string Source);
