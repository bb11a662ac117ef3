namespace Companion.Core.Lab;

/// <summary>
/// A lab pod: a netns whose eth0 is a veth to its node's bridge (NodeVeth is the node-side end).
/// IsClusterDns marks the kube-dns pod (dnsmasq runs in it instead of the pod server).
/// </summary>
public sealed record LabPod(
    string Namespace,
    string Name,
    string Deployment,
    string Netns,
    string NodeName,
    string Ip,
    string NodeVeth,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<LabContainerPort> Ports,
    bool IsClusterDns = false)
{
    /// <summary>"namespace/name".</summary>
    public string Key => $"{Namespace}/{Name}";
}
