using Companion.Core.Model;
using Cell = Companion.Core.Rendering.InventoryTable.Cell;

namespace Companion.Core.Rendering;

/// <summary>Nodes: readiness, addresses, pod CIDRs, zone, kernel and kube-proxy versions.</summary>
public static class NodeTable
{
    private static readonly string[] Headers = ["name", "ready", "internal IP", "pod CIDRs", "zone", "kernel", "kube-proxy"];

    public static string ToHtml(IReadOnlyList<NodeInfo> nodes, SourceInfo source, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToHtml("nodes", source, Headers, Rows(nodes), maxRows);

    public static string ToText(IReadOnlyList<NodeInfo> nodes, SourceInfo source, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToText("nodes", source, Headers, Rows(nodes), maxRows);

    private static List<IReadOnlyList<Cell>> Rows(IReadOnlyList<NodeInfo> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return [.. nodes.Select(n => (IReadOnlyList<Cell>)
        [
            n.Name,
            new Cell(n.Ready ? "Ready" : "NotReady", n.Ready ? "green" : "red"),
            n.InternalIp,
            string.Join(", ", n.PodCidrs),
            n.Zone,
            n.KernelVersion,
            n.KubeProxyVersion,
        ])];
    }
}
