using Companion.Core.Charts;

namespace Companion.Lab;

/// <summary>Chart models of a TCP probe run: the connect latencies, and how many connects each endpoint answered.</summary>
public static class LabTcpCharts
{
    public static LatencyChart ToLatencyChart(this LabTcpProbeRun run, string label, string source)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new LatencyChart($"TCP connect to {label}", [new LatencySeries(label, [.. run.Samples.Where(s => s.Ok).Select(s => s.Ms)])], source);
    }

    public static BarChart ToEndpointSplit(this LabTcpProbeRun run, string label, string source)
    {
        ArgumentNullException.ThrowIfNull(run);
        var split = run.ByEndpoint().OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        return new BarChart($"{label}: which endpoint answered", "connects", [.. split.Select(x => x.Key)],
            [new BarSeries("connects", [.. split.Select(x => (double)x.Value)])], source);
    }
}
