namespace Companion.Core.Charts;

/// <summary>A flow between two nodes of a <see cref="SankeyChart"/>, by node index, with its weight.</summary>
public sealed record SankeyLink(int From, int To, double Value);
