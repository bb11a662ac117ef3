namespace Companion.Lab;

/// <summary>One fault: its kind, the loss percentage or delay (ms) and jitter, and whether loss hits all traffic or only DNS.</summary>
public sealed record LabFault(LabFaultKind Kind, int Percent = 0, int DelayMs = 0, int JitterMs = 0, bool AllTraffic = false);
