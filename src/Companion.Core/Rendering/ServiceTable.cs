using System.Globalization;
using Companion.Core.Model;
using Cell = Companion.Core.Rendering.InventoryTable.Cell;

namespace Companion.Core.Rendering;

/// <summary>Services with their endpoint conditions summed over their EndpointSlices.</summary>
public static class ServiceTable
{
    private static readonly string[] Headers = ["namespace", "name", "type", "cluster IP", "ports", "endpoints"];

    public static string ToHtml(IReadOnlyList<ServiceInfo> services, IReadOnlyList<EndpointSliceInfo> slices, SourceInfo source, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToHtml("services", source, Headers, Rows(services, slices), maxRows);

    public static string ToText(IReadOnlyList<ServiceInfo> services, IReadOnlyList<EndpointSliceInfo> slices, SourceInfo source, int maxRows = InventoryTable.DefaultMaxRows) =>
        InventoryTable.ToText("services", source, Headers, Rows(services, slices), maxRows);

    /// <summary>"3 ready, 1 serving-terminating, 0 not ready" for a service's endpoints, or "no endpoints".</summary>
    public static string EndpointSummary(IEnumerable<EndpointInfo> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = endpoints.ToList();
        if (list.Count == 0)
        {
            return "no endpoints";
        }

        var ready = list.Count(e => e.IsReady);
        var terminating = list.Count(e => !e.IsReady && e.IsServing);
        var notReady = list.Count - ready - terminating;
        return string.Create(CultureInfo.InvariantCulture, $"{ready} ready, {terminating} serving-terminating, {notReady} not ready");
    }

    /// <summary>"http 80→8080/TCP" for every port.</summary>
    public static string Ports(ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return string.Join(", ", service.Ports.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{(p.Name is { Length: > 0 } n ? n + " " : "")}{p.Port}→{p.TargetPort ?? p.Port.ToString(CultureInfo.InvariantCulture)}/{p.Protocol}{(p.NodePort is { } np ? $" (nodePort {np})" : "")}")));
    }

    private static List<IReadOnlyList<Cell>> Rows(IReadOnlyList<ServiceInfo> services, IReadOnlyList<EndpointSliceInfo> slices)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(slices);
        var bySvc = slices.GroupBy(s => (s.Namespace, s.ServiceName)).ToDictionary(g => g.Key, g => g.SelectMany(s => s.Endpoints).ToList());
        return [.. services.Select(s =>
        {
            var endpoints = bySvc.TryGetValue((s.Namespace, s.Name), out var e) ? e : [];
            var summary = s.Type == "ExternalName" ? $"ExternalName {s.ExternalName}" : EndpointSummary(endpoints);
            var colour = endpoints.Count == 0 ? "red" : endpoints.All(x => x.IsReady) ? "green" : "darkorange";
            return (IReadOnlyList<Cell>)[s.Namespace, s.Name, s.Type, s.ClusterIp, Ports(s), new Cell(summary, s.Type == "ExternalName" ? null : colour)];
        })];
    }
}
