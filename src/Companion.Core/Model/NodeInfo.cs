namespace Companion.Core.Model;

/// <summary>A node as the API describes it.</summary>
public sealed record NodeInfo(
    string Name,
    IReadOnlyList<NodeAddress> Addresses,
    IReadOnlyList<string> PodCidrs,
    bool Ready,
    string? KernelVersion = null,
    string? KubeProxyVersion = null,
    string? KubeletVersion = null,
    string? Zone = null,
    IReadOnlyDictionary<string, string>? Labels = null)
{
    /// <summary>The first InternalIP, if any.</summary>
    public string? InternalIp => Addresses.FirstOrDefault(a => a.Type == "InternalIP")?.Address;
}

/// <summary>One of a node's addresses: Type is InternalIP, ExternalIP or Hostname.</summary>
public sealed record NodeAddress(string Type, string Address);
