using System.Globalization;
using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>
/// The ruleset kube-proxy's nftables mode (v1.31+) would write on one node for a cluster model, as nft -f input
/// (table ip kube-proxy, IPv4 only). The lab loads it with nft -f; the tracer reads it back from nft list ruleset.
/// </summary>
public static class KubeProxyNftGenerator
{
    public static string Generate(ClusterSnapshot snapshot, ProxyGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var model = new NftModel();
        var mark = "0x" + (1L << options.MasqueradeBit).ToString("x", CultureInfo.InvariantCulture);
        AddFixedChains(model, mark);
        var slices = ModelEndpoints.SlicesByService(snapshot);
        foreach (var service in snapshot.Services.Where(s => ModelEndpoints.WhyNotProxied(s) is null)
                     .OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            if (!Ipv4.TryParse(service.ClusterIp, out _))
            {
                continue; // IPv6 ClusterIPs belong to table ip6 kube-proxy
            }

            foreach (var port in service.Ports)
            {
                var servicePort = ModelEndpoints.Categorize(snapshot, service, port, options.NodeName, slices);
                NftServiceRules.Add(model, servicePort, options);
            }
        }

        return model.Render();
    }

    private static void AddFixedChains(NftModel model, string mark)
    {
        model.Set("cluster-ips", "ipv4_addr", "Active ClusterIPs");
        model.Map("service-ips", "ipv4_addr . inet_proto . inet_service : verdict", "ClusterIP, ExternalIP and LoadBalancer IP traffic");
        model.Map("service-nodeports", "inet_proto . inet_service : verdict", "NodePort traffic");
        model.Map("no-endpoint-services", "ipv4_addr . inet_proto . inet_service : verdict", "vmap to drop or reject packets to services with no endpoints");
        model.Map("no-endpoint-nodeports", "inet_proto . inet_service : verdict", "vmap to drop or reject packets to service nodeports with no endpoints");
        model.Map("firewall-ips", "ipv4_addr . inet_proto . inet_service : verdict", "destinations that are subject to LoadBalancerSourceRanges");

        model.BaseChain("filter-prerouting", "filter", "prerouting", -110, "ct state new jump firewall-check");
        model.BaseChain("filter-input", "filter", "input", -110, "ct state new jump nodeport-endpoints-check", "ct state new jump service-endpoints-check");
        model.BaseChain("filter-forward", "filter", "forward", -110, "ct state new jump service-endpoints-check", "ct state new jump cluster-ips-check");
        model.BaseChain("filter-output", "filter", "output", -110, "ct state new jump service-endpoints-check", "ct state new jump firewall-check");
        model.BaseChain("filter-output-post-dnat", "filter", "output", -90, "ct state new jump cluster-ips-check");
        model.BaseChain("nat-prerouting", "nat", "prerouting", -100, "jump services");
        model.BaseChain("nat-output", "nat", "output", -100, "jump services");
        model.BaseChain("nat-postrouting", "nat", "postrouting", 100, "jump masquerading");

        model.Chain("firewall-check", "ip daddr . meta l4proto . th dport vmap @firewall-ips");
        model.Chain("reject-chain", "reject");
        model.Chain("service-endpoints-check", "ip daddr . meta l4proto . th dport vmap @no-endpoint-services");
        model.Chain("nodeport-endpoints-check", "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports");
        model.Chain("cluster-ips-check", "ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"");
        model.Chain("mark-for-masquerade", $"mark set mark or {mark}");
        model.Chain("masquerading", $"mark and {mark} == 0 return", $"mark set mark xor {mark}", "masquerade fully-random");
        model.Chain("services",
            "ip daddr . meta l4proto . th dport vmap @service-ips",
            "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports");
    }
}
