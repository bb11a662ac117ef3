using System.Globalization;
using Companion.Core.Charts;

namespace Companion.Lab;

/// <summary>The scale experiment's points as a bar chart (p50 and p99 connect time per rule position) and as table rows.</summary>
public static class LabScaleCharts
{
    public static readonly IReadOnlyList<string> Headers = ["mode", "services", "rule", "connects", "failed", "p50 µs", "p99 µs", "max µs"];

    public static BarChart ToChart(IReadOnlyList<LabScalePoint> points, string source)
    {
        ArgumentNullException.ThrowIfNull(points);
        var categories = points.Select(p => $"{p.Mode}, {p.Services} Services, rule {p.Position}").ToArray();
        return new BarChart("TCP connect time by where the Service's rule sits", "µs", categories,
            [new BarSeries("p50 µs", [.. points.Select(p => Math.Round(p.Summary.P50Ms * 1000, 1))]), new BarSeries("p99 µs", [.. points.Select(p => Math.Round(p.Summary.P99Ms * 1000, 1))])],
            source);
    }

    public static IReadOnlyList<IReadOnlyList<string>> ToRows(IReadOnlyList<LabScalePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        static string Us(double ms) => Math.Round(ms * 1000).ToString(CultureInfo.InvariantCulture);
        return [.. points.Select(p => (IReadOnlyList<string>)[p.Mode, p.Services.ToString(CultureInfo.InvariantCulture), p.Position,
            p.Summary.Count.ToString(CultureInfo.InvariantCulture), p.Failed.ToString(CultureInfo.InvariantCulture), Us(p.Summary.P50Ms), Us(p.Summary.P99Ms), Us(p.Summary.MaxMs)])];
    }
}
