using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// kube-proxy IPVS mode's masquerade decision (pkg/proxy/ipvs writeIptablesRules): ClusterIP traffic from outside the
/// cluster CIDR (or every source with masquerade-all), NodePort, external and load-balancer traffic unless the
/// service's externalTrafficPolicy is Local (the *-LOCAL sets), and hairpin traffic (KUBE-LOOP-BACK).
/// </summary>
internal static class IpvsMasquerade
{
    public static bool Decide(IpvsState state, PacketSpec packet, string protocol, List<RuleHit> hits, List<Diagnostic> diagnostics)
    {
        var key = $"{packet.Destination},{protocol}:{packet.DestinationPort}";
        var port = $"{packet.DestinationPort}";
        if (state.Set("KUBE-CLUSTER-IP") is { } clusterIps && clusterIps.Contains(key))
        {
            if (packet.Entry == PacketEntry.Local)
            {
                return true;
            }

            if (IpvsTracer.ClusterIpMasqueradeRule(state) is not { } rule)
            {
                diagnostics.Add(Diagnostic.Warn("no KUBE-CLUSTER-IP masquerade rule in the iptables glue; assumed not masqueraded"));
                return false;
            }

            var outside = rule.Cidr is null || !InCidr(packet.Source, rule.Cidr);
            if (outside)
            {
                hits.Add(new RuleHit("nat", "KUBE-SERVICES", rule.Line.LineNumber, rule.Line.Text, "KUBE-MARK-MASQ"));
            }

            return outside;
        }

        foreach (var (set, local) in new[] { ("KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL"), ("KUBE-LOAD-BALANCER", "KUBE-LOAD-BALANCER-LOCAL") })
        {
            if (state.Set(set)?.Contains(key) == true)
            {
                return state.Set(local)?.Contains(key) != true;
            }
        }

        var nodePorts = state.Set($"KUBE-NODE-PORT-{protocol.ToUpperInvariant()}");
        if (nodePorts?.Contains(port) == true)
        {
            return state.Set($"KUBE-NODE-PORT-LOCAL-{protocol.ToUpperInvariant()}")?.Contains(port) != true;
        }

        if (state.Ipsets.Count == 0)
        {
            diagnostics.Add(Diagnostic.Warn("no ipsets in the dump: the masquerade decision cannot be read; shown as not masqueraded"));
        }

        return false;
    }

    private static bool InCidr(string address, string cidr) =>
        Ipv4.TryParse(address, out var ip) && Ipv4.TryParseCidr(cidr, out var network, out var mask) && (ip & mask) == network;
}
