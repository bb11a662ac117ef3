using Companion.Core.Charts;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>The result of <c>#!lab scale</c>: every point, and the chart of p50/p99 by rule position.</summary>
public sealed record LabScaleReport(IReadOnlyList<LabScalePoint> Points, BarChart Chart, string Source);
