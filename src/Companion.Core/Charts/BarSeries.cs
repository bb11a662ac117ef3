namespace Companion.Core.Charts;

/// <summary>One labelled row of values, one per category of a <see cref="BarChart"/>.</summary>
public sealed record BarSeries(string Label, IReadOnlyList<double> Values);
