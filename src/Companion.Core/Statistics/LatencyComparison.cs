namespace Companion.Core.Statistics;

/// <summary>Two runs compared: ratios are after / before (below 1 means faster), deltas are after − before.</summary>
public sealed record LatencyComparison(
    LatencySummary Before,
    LatencySummary After,
    double P50Ratio,
    double P99Ratio,
    double MaxRatio,
    double QpsRatio,
    double P50DeltaMs,
    double P99DeltaMs);
