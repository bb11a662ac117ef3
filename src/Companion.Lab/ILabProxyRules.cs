using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// Produces the kube-proxy rules for one lab node: iptables-restore text (Iptables) or an nft -f script (Nftables).
/// Null means "no rules": the lab comes up without Service DNAT.
/// </summary>
public interface ILabProxyRules
{
    string? Generate(ClusterSnapshot snapshot, LabTopology topology, LabNode node, ProxyMode mode);
}
