using Companion.Core.Charts;
using Companion.Core.Rendering;

namespace Companion.Interactive.Magic;

/// <summary>A measurement replayed from a recording: its view (labelled "recorded DATE from RECORDING") and its latency chart, if it has samples.</summary>
public sealed record LabReplayReport(LabReplayView View, LatencyChart? Chart);
