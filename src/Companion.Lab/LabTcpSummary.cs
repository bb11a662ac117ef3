namespace Companion.Lab;

/// <summary>Percentiles (nearest rank) of the successful connects; Count is every sample, failed ones included.</summary>
public sealed record LabTcpSummary(int Count, double P50Ms, double P99Ms, double MaxMs);
