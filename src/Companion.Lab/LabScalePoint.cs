namespace Companion.Lab;

/// <summary>One point of the scale experiment: how many Services, the proxy mode, where the target's rule sits, the connect latencies.</summary>
public sealed record LabScalePoint(int Services, string Mode, string Position, LabTcpSummary Summary, int Failed);
