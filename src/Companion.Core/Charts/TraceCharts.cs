using System.Globalization;
using Companion.Core.Proxy;

namespace Companion.Core.Charts;

/// <summary>Chart models drawn from a trace.</summary>
public static class TraceCharts
{
    /// <summary>
    /// The probability split of a trace as a Sankey: client → Service address → each endpoint, weighted by its probability
    /// (a rejected or dropped packet flows into one node naming the verdict).
    /// </summary>
    public static SankeyChart ToEndpointSplit(this ServiceTrace trace, string source)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var p = trace.Packet;
        var nodes = new List<string>
        {
            $"client {p.Source}",
            string.Create(CultureInfo.InvariantCulture, $"{trace.ServiceName ?? p.Destination} ({p.Destination}:{p.DestinationPort}/{p.Protocol})"),
        };
        var links = new List<SankeyLink> { new(0, 1, 1.0) };
        if (trace.Targets.Count == 0)
        {
            nodes.Add(trace.Verdict.ToString().ToLowerInvariant());
            links.Add(new SankeyLink(1, 2, 1.0));
        }

        foreach (var target in trace.Targets)
        {
            nodes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{target.PodName ?? target.Endpoint} {target.Endpoint}{(target.Masquerade ? " (masq)" : "")}"));
            links.Add(new SankeyLink(1, nodes.Count - 1, target.Probability));
        }

        var title = string.Create(CultureInfo.InvariantCulture, $"{trace.ServiceName ?? p.Destination}: endpoint split ({trace.Method})");
        return new SankeyChart(title, nodes, links, source);
    }
}
