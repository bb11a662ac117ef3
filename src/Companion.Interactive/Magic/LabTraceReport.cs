using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>The result of <c>#!lab trace</c>: the kernel's trace of one connection and the static prediction.</summary>
public sealed record LabTraceReport(LabPacketTrace Trace, string Source);
