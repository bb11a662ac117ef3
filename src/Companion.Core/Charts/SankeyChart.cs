namespace Companion.Core.Charts;

/// <summary>Flows between nodes, for example a Service splitting traffic over its endpoints with probabilities.</summary>
/// <param name="Title">The chart title.</param>
/// <param name="Nodes">The node labels; links refer to them by index.</param>
/// <param name="Links">The flows.</param>
/// <param name="Source">Which source produced the split; shown under the chart.</param>
public sealed record SankeyChart(string Title, IReadOnlyList<string> Nodes, IReadOnlyList<SankeyLink> Links, string Source);
