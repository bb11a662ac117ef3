using Companion.Core.Model;

namespace Companion.Cluster.Sources;

/// <summary>
/// One small interface for every place cluster data can come from: live (KubernetesClient), lab (network namespaces)
/// and recording (files). Only Companion records cross it.
/// </summary>
public interface IClusterSource
{
    /// <summary>Which source this is, for every output.</summary>
    SourceInfo Source { get; }

    /// <summary>Nodes, pods, services, endpoint slices, the proxy mode and the DNS set-up.</summary>
    /// <param name="namespace">Limit namespaced objects to one namespace; null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ClusterSnapshot> GetSnapshotAsync(string? @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// A node's kube-proxy rule dump (iptables-save, nft list ruleset or ipvsadm), or null when this source has none
    /// (a live cluster without --allow-changes, a recording without node dumps).
    /// </summary>
    Task<NodeDump?> GetNodeDumpAsync(string nodeName, CancellationToken cancellationToken);
}
