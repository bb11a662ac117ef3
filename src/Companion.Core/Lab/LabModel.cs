namespace Companion.Core.Lab;

/// <summary>
/// The lab model file as written by a user: how many nodes, the address ranges, and the Deployments and Services
/// to create. <see cref="LabModelParser"/> reads it; <see cref="LabTopologyBuilder"/> turns it into namespaces and IPs.
/// </summary>
public sealed record LabModel(
    int NodeCount,
    string PodCidr,
    string ServiceCidr,
    string NodeCidr,
    string ClusterDomain,
    string ClusterDnsIp,
    IReadOnlyList<LabDeployment> Deployments,
    IReadOnlyList<LabService> Services)
{
    /// <summary>Two nodes, kind-like ranges, no workloads.</summary>
    public static LabModel Empty { get; } = new(2, "10.244.0.0/16", "10.96.0.0/16", "172.18.0.0/24", "cluster.local", "10.96.0.10", [], []);
}
