using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>The chains and map elements kube-proxy writes for one service port (pkg/proxy/nftables syncProxyRules).</summary>
internal static class NftServiceRules
{
    public static void Add(NftModel model, ModelServicePort sp, ProxyGeneratorOptions options)
    {
        var svc = sp.Service;
        var proto = sp.Protocol;
        var port = sp.Port.Port.ToString(CultureInfo.InvariantCulture);
        var spn = sp.ServicePortName;
        string Name(string prefix) => KubeProxyNames.ServiceChainName(prefix, svc.Namespace, svc.Name, proto, sp.Port.Name);
        var serviceChain = Name("service");
        var localChain = Name("local");
        var externalChain = Name("external");
        var firewallChain = Name("firewall");
        var clusterChainUsed = sp.UsesCluster && sp.Cluster.Count > 0;
        var localChainUsed = sp.UsesLocal && sp.Local.Count > 0;
        var internalChain = sp.InternalLocal ? localChain : serviceChain;

        model.Element("cluster-ips", svc.ClusterIp!);
        var key = $"{svc.ClusterIp} . {proto} . {port}";
        if (sp.Internal.Count > 0)
        {
            model.Element("service-ips", $"{key} : goto {internalChain}");
        }
        else
        {
            model.Element("no-endpoint-services", $"{key} comment \"{spn}\" : {NoEndpointVerdict(sp)}");
        }

        if (sp.ExternallyAccessible)
        {
            AddExternal(model, sp, options, externalChain, firewallChain, clusterChainUsed ? serviceChain : null, localChainUsed ? localChain : null);
        }

        if (clusterChainUsed)
        {
            AddPolicyChain(model, sp, options, serviceChain, sp.Cluster, masqueradeRule: !sp.InternalLocal);
        }

        if (localChainUsed)
        {
            AddPolicyChain(model, sp, options, localChain, sp.Local, masqueradeRule: sp.InternalLocal);
        }

        foreach (var endpoint in sp.Reachable)
        {
            var chain = EndpointName(sp, "endpoint", endpoint);
            var rules = new List<string> { $"ip saddr {endpoint.Ip} jump mark-for-masquerade" };
            if (sp.Affinity)
            {
                rules.Add($"update @{EndpointName(sp, "affinity", endpoint)} {{ ip saddr }}");
            }

            rules.Add($"meta l4proto {proto} dnat to {endpoint.HostPort}");
            model.Chain(chain, [.. rules]);
        }
    }

    private static void AddExternal(NftModel model, ModelServicePort sp, ProxyGeneratorOptions options, string externalChain, string firewallChain, string? serviceChain, string? localChain)
    {
        var proto = sp.Protocol;
        var port = sp.Port.Port.ToString(CultureInfo.InvariantCulture);
        var destinations = (sp.Service.ExternalIps ?? []).Concat(sp.Service.LoadBalancerIngressIps ?? [])
            .Where(ip => Ipv4.TryParse(ip, out _)).Distinct(StringComparer.Ordinal).ToList();
        if (sp.HasAnyEndpoints)
        {
            var rules = new List<string>();
            if (!sp.ExternalLocal)
            {
                rules.Add("jump mark-for-masquerade");
                if ((serviceChain ?? localChain) is { } target)
                {
                    rules.Add($"goto {target}");
                }
            }
            else
            {
                if (options.ClusterCidr is { } cidr && serviceChain is not null)
                {
                    rules.Add($"ip saddr {cidr} goto {serviceChain} comment \"short-circuit pod traffic\"");
                }

                rules.Add("fib saddr type local jump mark-for-masquerade comment \"masquerade local traffic\"");
                if (serviceChain is not null)
                {
                    rules.Add($"fib saddr type local goto {serviceChain} comment \"short-circuit local traffic\"");
                }

                if (localChain is not null)
                {
                    rules.Add($"goto {localChain}");
                }
            }

            model.Chain(externalChain, [.. rules]);
            foreach (var ip in destinations)
            {
                model.Element("service-ips", $"{ip} . {proto} . {port} : goto {externalChain}");
            }

            if (sp.Port.NodePort is { } nodePort and > 0)
            {
                model.Element("service-nodeports", $"{proto} . {nodePort.ToString(CultureInfo.InvariantCulture)} : goto {externalChain}");
            }
        }

        if (sp.External.Count == 0)
        {
            foreach (var ip in destinations)
            {
                model.Element("no-endpoint-services", $"{ip} . {proto} . {port} comment \"{sp.ServicePortName}\" : {NoEndpointVerdict(sp)}");
            }

            if (sp.Port.NodePort is { } nodePort and > 0)
            {
                model.Element("no-endpoint-nodeports", $"{proto} . {nodePort.ToString(CultureInfo.InvariantCulture)} comment \"{sp.ServicePortName}\" : {NoEndpointVerdict(sp)}");
            }
        }

        var ranges = (sp.Service.LoadBalancerSourceRanges ?? []).Select(r => r.Trim()).Where(r => Ipv4.TryParseCidr(r, out _, out _)).ToList();
        var lbIps = (sp.Service.LoadBalancerIngressIps ?? []).Where(ip => Ipv4.TryParse(ip, out _)).ToList();
        if (ranges.Count > 0 && lbIps.Count > 0)
        {
            model.Chain(firewallChain, $"ip saddr != {{ {string.Join(", ", ranges)} }} drop");
            foreach (var ip in lbIps)
            {
                model.Element("firewall-ips", $"{ip} . {proto} . {port} : goto {firewallChain}");
            }
        }
    }

    private static void AddPolicyChain(NftModel model, ModelServicePort sp, ProxyGeneratorOptions options, string chain, IReadOnlyList<ModelEndpoint> endpoints, bool masqueradeRule)
    {
        var rules = new List<string>();
        if (masqueradeRule && options.MasqueradeAll)
        {
            rules.Add($"ip daddr {sp.Service.ClusterIp} jump mark-for-masquerade");
        }
        else if (masqueradeRule && options.ClusterCidr is { } cidr)
        {
            rules.Add($"ip daddr {sp.Service.ClusterIp} ip saddr != {cidr} jump mark-for-masquerade");
        }

        if (sp.Affinity)
        {
            foreach (var endpoint in endpoints)
            {
                rules.Add($"ip saddr @{EndpointName(sp, "affinity", endpoint)} goto {EndpointName(sp, "endpoint", endpoint)}");
                model.Set(EndpointName(sp, "affinity", endpoint), "ipv4_addr", null, "flags dynamic,timeout",
                    $"timeout {sp.AffinitySeconds.ToString(CultureInfo.InvariantCulture)}s");
            }
        }

        var entries = endpoints.Select((e, i) => $"{i.ToString(CultureInfo.InvariantCulture)} : goto {EndpointName(sp, "endpoint", e)}");
        rules.Add($"numgen random mod {endpoints.Count.ToString(CultureInfo.InvariantCulture)} vmap {{ {string.Join(", ", entries)} }}");
        model.Chain(chain, [.. rules]);
    }

    private static string NoEndpointVerdict(ModelServicePort sp) => sp.HasAnyEndpoints ? "drop" : "goto reject-chain";

    private static string EndpointName(ModelServicePort sp, string prefix, ModelEndpoint endpoint) =>
        KubeProxyNames.EndpointChainName(prefix, sp.Service.Namespace, sp.Service.Name, sp.Protocol, sp.Port.Name, endpoint.HostPort);
}
