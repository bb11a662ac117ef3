using Companion.Core.Charts;
using Companion.Lab;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!lab probe tcp</c>: every sample, the latency chart and the endpoint split.</summary>
public sealed record LabTcpProbeReport(LabTcpProbeRun Run, LatencyChart Latency, BarChart Split, string Source);
