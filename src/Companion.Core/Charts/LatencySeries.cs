namespace Companion.Core.Charts;

/// <summary>One labelled set of latency samples, in milliseconds (for example "ndots:5" or "FQDN").</summary>
public sealed record LatencySeries(string Label, IReadOnlyList<double> SamplesMs);
