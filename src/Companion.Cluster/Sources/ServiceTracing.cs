using Companion.Core.Diagnostics;
using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Cluster.Sources;

/// <summary>
/// Traces a packet to a Service on a node of any source: with the node's real rule dump when the source has one (iptables-save
/// or nft list ruleset, through <see cref="RuleDumpTracer"/>), else predicted from API objects by <see cref="ModelTracer"/>.
/// </summary>
public static class ServiceTracing
{
    public static async Task<ServiceTrace> TraceServiceAsync(
        IClusterSource source, string @namespace, string name, string? port, TraceOrigin from, string? nodeName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(from);
        var snapshot = await source.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var node = nodeName ?? OriginNode(snapshot, from) ?? snapshot.Nodes.FirstOrDefault()?.Name;
        var model = ModelTracer.TraceService(snapshot, @namespace, name, port, from, node);
        if (model.Packet.DestinationPort == 0 || model.Packet.Destination == "?" || node is null || model.ServiceName is null)
        {
            return model;
        }

        var dump = await source.GetNodeDumpAsync(node, cancellationToken).ConfigureAwait(false);
        var (text, format) = RulesOf(dump, snapshot.ProxyMode.Mode);
        if (text is null)
        {
            return model with { Diagnostics = [.. model.Diagnostics, new Diagnostic(DiagnosticSeverity.Info, $"no rule dump for node {node} in {source.Source.Describe()}; predicted from API objects")] };
        }

        var packet = model.Packet with { LocalAddresses = dump!.LocalAddresses };
        var (trace, error) = RuleDumpTracer.Trace(text, format, packet, $"node {node}");
        if (trace is null)
        {
            return model with { Diagnostics = [.. model.Diagnostics, Diagnostic.Warn($"node {node} rules not traced: {error}")] };
        }

        var pods = model.Targets.ToDictionary(t => t.Endpoint, StringComparer.Ordinal);
        return trace with
        {
            ServiceName = trace.ServiceName ?? model.ServiceName,
            Targets = [.. trace.Targets.Select(t => pods.TryGetValue(t.Endpoint, out var m) ? t with { PodName = m.PodName, PodNamespace = m.PodNamespace, NodeName = m.NodeName } : t)],
        };
    }

    private static string? OriginNode(ClusterSnapshot snapshot, TraceOrigin from) =>
        from.Kind == TraceOriginKind.Pod
            ? snapshot.Pods.FirstOrDefault(p => p.Namespace == from.PodNamespace && p.Name == from.PodName)?.NodeName
            : null;

    private static (string? Text, RuleFormat? Format) RulesOf(NodeDump? dump, ProxyMode mode) => dump switch
    {
        null => (null, null),
        { NftRuleset: { Length: > 0 } nft } when mode == ProxyMode.Nftables => (nft, RuleFormat.Nft),
        { IptablesSave: { Length: > 0 } save } when mode != ProxyMode.Nftables && save.Contains("KUBE-SERVICES", StringComparison.Ordinal) => (save, RuleFormat.IptablesSave),
        { NftRuleset: { Length: > 0 } nft } when nft.Contains("kube-proxy", StringComparison.Ordinal) => (nft, RuleFormat.Nft),
        _ => (null, null),
    };
}
