using System.Globalization;
using System.Text;
using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>
/// The tracer's inverse: writes the iptables-restore input kube-proxy (iptables mode, v1.31-era) would write on one node.
/// <code>
/// nat:    PREROUTING/OUTPUT → KUBE-SERVICES → KUBE-SVC|SVL → KUBE-SEP → DNAT ; KUBE-NODEPORTS → KUBE-EXT ; KUBE-FW
///         POSTROUTING → KUBE-POSTROUTING → MASQUERADE when KUBE-MARK-MASQ set 0x4000
/// filter: INPUT/FORWARD/OUTPUT → KUBE-SERVICES | KUBE-EXTERNAL-SERVICES (REJECT/DROP), KUBE-FORWARD, KUBE-PROXY-FIREWALL
/// </code>
/// </summary>
public static class KubeProxyIptablesGenerator
{
    public static string Generate(ClusterSnapshot snapshot, ProxyGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var plans = ServicePortPlan.For(snapshot, options.NodeName);
        var mark = "0x" + (1u << options.MasqueradeBit).ToString("x", CultureInfo.InvariantCulture);
        var nat = new IptablesTextTable("nat", ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]);
        var filter = new IptablesTextTable("filter", ["INPUT", "FORWARD", "OUTPUT"]);
        WriteFixedChains(nat, filter, mark);
        foreach (var plan in plans)
        {
            WriteServicePort(plan, options, nat, filter);
        }

        nat.Rule("KUBE-SERVICES", "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
        var sb = new StringBuilder();
        filter.WriteTo(sb);
        nat.WriteTo(sb);
        return sb.ToString();
    }

    private static void WriteFixedChains(IptablesTextTable nat, IptablesTextTable filter, string mark)
    {
        foreach (var c in new[] { "KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-KUBELET-CANARY", "KUBE-NODEPORTS", "KUBE-PROXY-CANARY", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES" })
        {
            filter.Chain(c);
        }

        const string New = "-m conntrack --ctstate NEW";
        filter.Rule("INPUT", $"{New} -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL");
        filter.Rule("INPUT", "-m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS");
        filter.Rule("INPUT", $"{New} -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES");
        filter.Rule("INPUT", "-j KUBE-FIREWALL");
        filter.Rule("FORWARD", $"{New} -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL");
        filter.Rule("FORWARD", "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD");
        filter.Rule("FORWARD", $"{New} -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        filter.Rule("FORWARD", $"{New} -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES");
        filter.Rule("OUTPUT", $"{New} -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL");
        filter.Rule("OUTPUT", $"{New} -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        filter.Rule("OUTPUT", "-j KUBE-FIREWALL");
        filter.Rule("KUBE-FIREWALL", "! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
        filter.Rule("KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP");
        filter.Rule("KUBE-FORWARD", $"-m comment --comment \"kubernetes forwarding rules\" -m mark --mark {mark}/{mark} -j ACCEPT");
        filter.Rule("KUBE-FORWARD", "-m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");

        foreach (var c in new[] { "KUBE-KUBELET-CANARY", "KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-PROXY-CANARY", "KUBE-SERVICES" })
        {
            nat.Chain(c);
        }

        nat.Rule("PREROUTING", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        nat.Rule("OUTPUT", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        nat.Rule("POSTROUTING", "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING");
        nat.Rule("KUBE-MARK-MASQ", $"-j MARK --or-mark {mark}");
        nat.Rule("KUBE-POSTROUTING", $"-m mark ! --mark {mark}/{mark} -j RETURN");
        nat.Rule("KUBE-POSTROUTING", $"-j MARK --xor-mark {mark}");
        nat.Rule("KUBE-POSTROUTING", "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully");
    }

    private static void WriteServicePort(ServicePortPlan plan, ProxyGeneratorOptions options, IptablesTextTable nat, IptablesTextTable filter)
    {
        var spn = plan.Spn;
        var proto = plan.Protocol;
        var svc = plan.Service;
        var port = plan.Port.Port.ToString(CultureInfo.InvariantCulture);
        var svcChain = KubeProxyNames.ServicePortChain("KUBE-SVC", spn, proto);
        var svlChain = KubeProxyNames.ServicePortChain("KUBE-SVL", spn, proto);
        var extChain = KubeProxyNames.ServicePortChain("KUBE-EXT", spn, proto);
        var fwChain = KubeProxyNames.ServicePortChain("KUBE-FW", spn, proto);
        var usesCluster = plan.UsesClusterEndpoints && plan.ClusterEndpoints.Count > 0;
        var usesLocal = plan.UsesLocalEndpoints && plan.LocalEndpoints.Count > 0;
        var usesExt = plan.HasEndpoints && plan.ExternallyAccessible;
        var usesFw = plan.HasEndpoints && plan.LoadBalancerIps.Count > 0 && (svc.LoadBalancerSourceRanges?.Count ?? 0) > 0;
        var internalChain = plan.InternalPolicyLocal ? svlChain : svcChain;
        var externalPolicyChain = plan.ExternalPolicyLocal ? svlChain : svcChain;
        var clusterPolicyChain = usesCluster ? svcChain : svlChain;
        var detector = options.ClusterCidr;

        var (internalFilterTarget, internalFilterComment) = !plan.HasAnyEndpoint || !plan.InternalPolicyLocal
            ? ("REJECT", $"\"{spn} has no endpoints\"") : ("DROP", $"\"{spn} has no local endpoints\"");
        var (externalFilterTarget, externalFilterComment) = !plan.HasAnyEndpoint || !plan.ExternalPolicyLocal
            ? ("REJECT", $"\"{spn} has no endpoints\"") : ("DROP", $"\"{spn} has no local endpoints\"");

        foreach (var c in new[] { usesCluster ? svcChain : null, usesLocal ? svlChain : null, usesExt ? extChain : null, usesFw ? fwChain : null })
        {
            if (c is not null)
            {
                nat.Chain(c);
            }
        }

        var endpointChains = plan.AllReachable.ToDictionary(e => e.HostPort, e => KubeProxyNames.EndpointChain(spn, proto, e.HostPort), StringComparer.Ordinal);
        foreach (var c in endpointChains.Values)
        {
            nat.Chain(c);
        }

        // ClusterIP capture (nat) or the no-endpoints REJECT/DROP (filter).
        var capture = $"-d {svc.ClusterIp}/32 -p {proto} -m comment --comment \"{spn} cluster IP\" -m {proto} --dport {port}";
        if (plan.HasInternalEndpoints)
        {
            if (options.MasqueradeAll)
            {
                nat.Rule(internalChain, $"{capture} -j KUBE-MARK-MASQ");
            }
            else if (detector is not null)
            {
                nat.Rule(internalChain, $"! -s {detector} {capture} -j KUBE-MARK-MASQ");
            }

            nat.Rule("KUBE-SERVICES", $"{capture} -j {internalChain}");
        }
        else
        {
            filter.Rule("KUBE-SERVICES", $"-d {svc.ClusterIp}/32 -p {proto} -m comment --comment {internalFilterComment} -m {proto} --dport {port} -j {internalFilterTarget}");
        }

        foreach (var ip in svc.ExternalIps ?? [])
        {
            if (plan.HasEndpoints)
            {
                nat.Rule("KUBE-SERVICES", $"-d {ip}/32 -p {proto} -m comment --comment \"{spn} external IP\" -m {proto} --dport {port} -j {extChain}");
            }

            if (!plan.HasExternalEndpoints)
            {
                filter.Rule("KUBE-EXTERNAL-SERVICES", $"-d {ip}/32 -p {proto} -m comment --comment {externalFilterComment} -m {proto} --dport {port} -j {externalFilterTarget}");
            }
        }

        foreach (var ip in plan.LoadBalancerIps)
        {
            if (plan.HasEndpoints)
            {
                nat.Rule("KUBE-SERVICES", $"-d {ip}/32 -p {proto} -m comment --comment \"{spn} loadbalancer IP\" -m {proto} --dport {port} -j {(usesFw ? fwChain : extChain)}");
            }

            if (usesFw)
            {
                filter.Rule("KUBE-PROXY-FIREWALL", $"-d {ip}/32 -p {proto} -m comment --comment \"{spn} traffic not accepted by {fwChain}\" -m {proto} --dport {port} -j DROP");
            }

            if (!plan.HasExternalEndpoints)
            {
                filter.Rule("KUBE-EXTERNAL-SERVICES", $"-d {ip}/32 -p {proto} -m comment --comment {externalFilterComment} -m {proto} --dport {port} -j {externalFilterTarget}");
            }
        }

        if (plan.Port.NodePort is { } np)
        {
            if (plan.HasEndpoints)
            {
                nat.Rule("KUBE-NODEPORTS", $"-p {proto} -m comment --comment {spn} -m {proto} --dport {np} -j {extChain}");
            }

            if (!plan.HasExternalEndpoints)
            {
                filter.Rule("KUBE-EXTERNAL-SERVICES", $"-p {proto} -m comment --comment {externalFilterComment} -m addrtype --dst-type LOCAL -m {proto} --dport {np} -j {externalFilterTarget}");
            }
        }

        if (svc.HealthCheckNodePort is { } hc && plan.ExternalPolicyLocal)
        {
            filter.Rule("KUBE-NODEPORTS", $"-p tcp -m comment --comment \"{spn} health check node port\" -m tcp --dport {hc} -j ACCEPT");
        }

        if (usesFw)
        {
            foreach (var range in svc.LoadBalancerSourceRanges!)
            {
                nat.Rule(fwChain, $"-s {range} -m comment --comment \"{spn} loadbalancer IP\" -j {extChain}");
            }

            nat.Rule(fwChain, $"-m comment --comment \"other traffic to {spn} will be dropped by KUBE-PROXY-FIREWALL\"");
        }

        if (usesExt)
        {
            if (!plan.ExternalPolicyLocal)
            {
                nat.Rule(extChain, $"-m comment --comment \"masquerade traffic for {spn} external destinations\" -j KUBE-MARK-MASQ");
            }
            else
            {
                if (detector is not null)
                {
                    nat.Rule(extChain, $"-s {detector} -m comment --comment \"pod traffic for {spn} external destinations\" -j {clusterPolicyChain}");
                }

                nat.Rule(extChain, $"-m comment --comment \"masquerade LOCAL traffic for {spn} external destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
                nat.Rule(extChain, $"-m comment --comment \"route LOCAL traffic for {spn} external destinations\" -m addrtype --src-type LOCAL -j {clusterPolicyChain}");
            }

            if (plan.HasExternalEndpoints)
            {
                nat.Rule(extChain, $"-j {externalPolicyChain}");
            }
        }

        if (usesCluster)
        {
            WriteLoadBalancing(nat, plan, svcChain, plan.ClusterEndpoints, endpointChains);
        }

        if (usesLocal)
        {
            WriteLoadBalancing(nat, plan, svlChain, plan.LocalEndpoints, endpointChains);
        }

        foreach (var ep in plan.AllReachable)
        {
            var sep = endpointChains[ep.HostPort];
            nat.Rule(sep, $"-s {ep.Ip}/32 -m comment --comment {spn} -j KUBE-MARK-MASQ");
            var recent = svc.SessionAffinity == "ClientIP" ? $" -m recent --set --name {sep} --mask 255.255.255.255 --rsource" : "";
            nat.Rule(sep, $"-p {proto} -m comment --comment {spn}{recent} -m {proto} -j DNAT --to-destination {ep.HostPort}");
        }
    }

    private static void WriteLoadBalancing(IptablesTextTable nat, ServicePortPlan plan, string chain, IReadOnlyList<PlannedEndpoint> endpoints, Dictionary<string, string> endpointChains)
    {
        var svc = plan.Service;
        if (svc.SessionAffinity == "ClientIP")
        {
            var seconds = (svc.SessionAffinityTimeoutSeconds ?? 10800).ToString(CultureInfo.InvariantCulture);
            foreach (var ep in endpoints)
            {
                var sep = endpointChains[ep.HostPort];
                nat.Rule(chain, $"-m comment --comment \"{plan.Spn} -> {ep.HostPort}\" -m recent --rcheck --seconds {seconds} --reap --name {sep} --mask 255.255.255.255 --rsource -j {sep}");
            }
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            var ep = endpoints[i];
            var statistic = i < endpoints.Count - 1
                ? " -m statistic --mode random --probability " + (1.0 / (endpoints.Count - i)).ToString("0.0000000000", CultureInfo.InvariantCulture)
                : "";
            nat.Rule(chain, $"-m comment --comment \"{plan.Spn} -> {ep.HostPort}\"{statistic} -j {endpointChains[ep.HostPort]}");
        }
    }
}
