using System.Globalization;
using Companion.Core.Model;
using Cell = Companion.Core.Rendering.InventoryTable.Cell;

namespace Companion.Core.Rendering;

/// <summary>Pods: phase and readiness in colour, restarts, node and zone (from the node's topology label).</summary>
public static class PodTable
{
    private static readonly string[] Headers = ["namespace", "name", "phase", "ready", "restarts", "pod IP", "node", "zone"];

    public static string ToHtml(IReadOnlyList<PodInfo> pods, SourceInfo source, IReadOnlyList<NodeInfo>? nodes = null, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToHtml("pods", source, Headers, Rows(pods, nodes), maxRows);

    public static string ToText(IReadOnlyList<PodInfo> pods, SourceInfo source, IReadOnlyList<NodeInfo>? nodes = null, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToText("pods", source, Headers, Rows(pods, nodes), maxRows);

    private static List<IReadOnlyList<Cell>> Rows(IReadOnlyList<PodInfo> pods, IReadOnlyList<NodeInfo>? nodes)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var zones = (nodes ?? []).Where(n => n.Zone is not null).GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.First().Zone!);
        return [.. pods.Select(p => (IReadOnlyList<Cell>)
        [
            p.Namespace,
            p.Name,
            new Cell(p.Phase, PhaseColour(p.Phase)),
            new Cell(p.Ready ? "ready" : "not ready", p.Ready ? "green" : "darkorange"),
            new Cell(p.Restarts.ToString(CultureInfo.InvariantCulture), p.Restarts > 0 ? "darkorange" : null),
            p.PodIp,
            p.NodeName,
            p.NodeName is not null && zones.TryGetValue(p.NodeName, out var zone) ? zone : null,
        ])];
    }

    private static string PhaseColour(string phase) => phase switch
    {
        "Running" => "green",
        "Succeeded" => "gray",
        "Pending" => "darkorange",
        _ => "red",
    };
}
