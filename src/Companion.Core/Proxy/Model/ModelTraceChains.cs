using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>The chain names kube-proxy would use for a predicted trace, in the node's proxy mode.</summary>
internal static class ModelTraceChains
{
    public static IReadOnlyList<string> Predict(ProxyMode mode, ModelServicePort sp, bool external, bool policyLocal)
    {
        var svc = sp.Service;
        switch (mode)
        {
            case ProxyMode.Iptables:
                var spn = sp.ServicePortName;
                var list = new List<string> { "KUBE-SERVICES" };
                if (external)
                {
                    if (sp.Port.NodePort is > 0)
                    {
                        list.Add("KUBE-NODEPORTS");
                    }

                    list.Add(KubeProxyNames.ServicePortChain("KUBE-EXT", spn, sp.Protocol));
                }

                list.Add(KubeProxyNames.ServicePortChain(policyLocal ? "KUBE-SVL" : "KUBE-SVC", spn, sp.Protocol));
                return list;
            case ProxyMode.Nftables:
                string Name(string prefix) => KubeProxyNames.ServiceChainName(prefix, svc.Namespace, svc.Name, sp.Protocol, sp.Port.Name);
                var chains = new List<string> { "services" };
                if (external)
                {
                    chains.Add(Name("external"));
                }

                chains.Add(Name(policyLocal ? "local" : "service"));
                return chains;
            default:
                return [];
        }
    }

    public static string? EndpointChain(ProxyMode mode, ModelServicePort sp, ModelEndpoint endpoint) => mode switch
    {
        ProxyMode.Iptables => KubeProxyNames.EndpointChain(sp.ServicePortName, sp.Protocol, endpoint.HostPort),
        ProxyMode.Nftables => KubeProxyNames.EndpointChainName("endpoint", sp.Service.Namespace, sp.Service.Name, sp.Protocol, sp.Port.Name, endpoint.HostPort),
        _ => null,
    };
}
