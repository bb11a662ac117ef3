namespace Companion.Core.Proxy;

/// <summary>
/// What a node in IPVS mode shows: virtual services with their real servers (ipvsadm -Ln or ipvsadm --save -n),
/// the ipsets kube-proxy maintains (ipset list / ipset save) and the iptables glue (iptables-save lines), any of which
/// may be missing.
/// </summary>
public sealed record IpvsState(
    IReadOnlyList<IpvsVirtualService> VirtualServices,
    IReadOnlyList<IpvsIpset> Ipsets,
    IReadOnlyList<IpvsGlueLine> Glue)
{
    /// <summary>The set with this name, if it was in the dump.</summary>
    public IpvsIpset? Set(string name) => Ipsets.FirstOrDefault(s => s.Name == name);
}
