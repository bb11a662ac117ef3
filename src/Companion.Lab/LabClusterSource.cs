using Companion.Cluster.Sources;
using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// The lab as a cluster source: the same records as live and recorded sources, with the IPs the lab assigned,
/// and node dumps read from the node namespaces (iptables-save or nft list ruleset).
/// </summary>
public sealed class LabClusterSource(string labName, LabController? controller = null) : IClusterSource
{
    private readonly LabController _controller = controller ?? new LabController();

    public SourceInfo Source { get; } = new(SourceKind.Lab, labName);

    public async Task<ClusterSnapshot> GetSnapshotAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var status = await _controller.StatusAsync(labName, cancellationToken).ConfigureAwait(false);
        var topology = status.Topology ?? throw new LabException($"lab {labName} is not up; run `companion lab up` first.");
        var mode = status.ProxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
        var snapshot = LabSnapshotBuilder.Build(topology, mode);
        return @namespace is null ? snapshot : snapshot with
        {
            Pods = snapshot.Pods.Where(p => p.Namespace == @namespace).ToList(),
            Services = snapshot.Services.Where(s => s.Namespace == @namespace).ToList(),
            EndpointSlices = snapshot.EndpointSlices.Where(s => s.Namespace == @namespace).ToList(),
        };
    }

    public async Task<NodeDump?> GetNodeDumpAsync(string nodeName, CancellationToken cancellationToken)
    {
        var topology = await _controller.RequireUpAsync(labName, cancellationToken).ConfigureAwait(false);
        var node = topology.Nodes.FirstOrDefault(n => n.Name == nodeName);
        if (node is null)
        {
            return null;
        }

        var ip = LabTools.Require("ip");
        var timeout = TimeSpan.FromSeconds(20);
        string? iptables = null;
        string? nft = null;
        if (LabTools.Find("iptables-save") is { } save)
        {
            var r = await LabProcess.RunAsync(ip, ["netns", "exec", node.Netns, save], timeout: timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            iptables = r.Ok ? r.Stdout : null;
        }

        if (LabTools.Find("nft") is { } nftTool)
        {
            var r = await LabProcess.RunAsync(ip, ["netns", "exec", node.Netns, nftTool, "list", "ruleset"], timeout: timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            nft = r.Ok ? r.Stdout : null;
        }

        return new NodeDump(node.Name, iptables, nft, LocalAddresses: [node.InternalIp, node.Gateway]);
    }
}
