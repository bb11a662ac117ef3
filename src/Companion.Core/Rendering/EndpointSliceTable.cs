using Companion.Core.Model;
using Cell = Companion.Core.Rendering.InventoryTable.Cell;

namespace Companion.Core.Rendering;

/// <summary>EndpointSlices, one row per endpoint: addresses, the ready/serving/terminating conditions, node, zone and hints.</summary>
public static class EndpointSliceTable
{
    private static readonly string[] Headers = ["namespace", "slice", "service", "addresses", "ports", "conditions", "node", "zone", "hints", "target"];

    public static string ToHtml(IReadOnlyList<EndpointSliceInfo> slices, SourceInfo source, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToHtml("endpoint slices", source, Headers, Rows(slices), maxRows);

    public static string ToText(IReadOnlyList<EndpointSliceInfo> slices, SourceInfo source, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToText("endpoint slices", source, Headers, Rows(slices), maxRows);

    /// <summary>"ready serving", "not-ready serving terminating", ...: the conditions after API defaulting.</summary>
    public static string Conditions(EndpointInfo endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var parts = new List<string> { endpoint.IsReady ? "ready" : "not-ready", endpoint.IsServing ? "serving" : "not-serving" };
        if (endpoint.IsTerminating)
        {
            parts.Add("terminating");
        }

        return string.Join(' ', parts);
    }

    /// <summary>A colour for a condition set: green ready, orange serving while terminating, red otherwise.</summary>
    public static string ConditionColour(EndpointInfo endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.IsReady ? "green" : endpoint.IsServing ? "darkorange" : "red";
    }

    private static List<IReadOnlyList<Cell>> Rows(IReadOnlyList<EndpointSliceInfo> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var slice in slices)
        {
            var ports = string.Join(", ", slice.Ports.Select(p => $"{p.Name ?? "-"}:{p.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}/{p.Protocol}"));
            if (slice.Endpoints.Count == 0)
            {
                rows.Add([slice.Namespace, slice.Name, slice.ServiceName, "(no endpoints)", ports, null, null, null, null, null]);
            }

            foreach (var e in slice.Endpoints)
            {
                var hints = (e.HintZones ?? []).Select(z => $"zone={z}").Concat((e.HintNodes ?? []).Select(n => $"node={n}"));
                rows.Add(
                [
                    slice.Namespace, slice.Name, slice.ServiceName, string.Join(", ", e.Addresses), ports,
                    new Cell(Conditions(e), ConditionColour(e)), e.NodeName, e.Zone, string.Join(", ", hints),
                    e.TargetRef is null ? null : $"{e.TargetRef.Kind}/{e.TargetRef.Name}",
                ]);
            }
        }

        return rows;
    }
}
