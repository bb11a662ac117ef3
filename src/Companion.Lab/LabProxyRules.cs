using Companion.Core.Lab;
using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Lab;

/// <summary>
/// kube-proxy rules for a lab node from the project's generators: iptables-restore text or an nft -f script, written
/// for that node (its name and InternalIP, the lab's pod CIDR as the local-traffic detector).
/// </summary>
public sealed class LabProxyRules : ILabProxyRules
{
    public static LabProxyRules Instance { get; } = new();

    public string? Generate(ClusterSnapshot snapshot, LabTopology topology, LabNode node, ProxyMode mode)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(node);
        var options = new ProxyGeneratorOptions(node.Name, topology.PodCidr, [node.InternalIp]);
        return mode switch
        {
            ProxyMode.Nftables => KubeProxyNftGenerator.Generate(snapshot, options),
            ProxyMode.Iptables => KubeProxyIptablesGenerator.Generate(snapshot, options),
            _ => null,
        };
    }
}
