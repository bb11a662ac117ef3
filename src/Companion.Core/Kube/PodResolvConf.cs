using Companion.Core.Model;

namespace Companion.Core.Kube;

/// <summary>
/// kubelet's rules for a pod's /etc/resolv.conf (pkg/kubelet/network/dns, spec §D.1):
/// <code>
/// ClusterFirst            nameserver = cluster DNS; search = ns.svc.D svc.D D + node searches; options ndots:5
/// ClusterFirst+hostNet    behaves as Default
/// ClusterFirstWithHostNet the ClusterFirst file, for any pod
/// Default                 the node's file (no --resolv-conf: nameserver 127.0.0.1, search .)
/// None                    empty; only dnsConfig
/// dnsConfig               merged on top: nameservers (max 3), searches (dedup, limits), options by name (pod wins)
/// </code>
/// </summary>
public static class PodResolvConf
{
    private const int MaxNameservers = 3;

    public static EffectivePodDns Build(PodInfo pod, KubeletDnsSettings kubelet)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(kubelet);
        var notes = new List<string>();
        var policy = string.IsNullOrEmpty(pod.DnsPolicy) ? "ClusterFirst" : pod.DnsPolicy;
        var effective = policy;
        if (policy == "ClusterFirst" && pod.HostNetwork)
        {
            effective = "Default";
            notes.Add("dnsPolicy ClusterFirst on a hostNetwork pod behaves as Default (use ClusterFirstWithHostNet)");
        }

        if (effective is not ("ClusterFirst" or "ClusterFirstWithHostNet" or "Default" or "None"))
        {
            notes.Add($"unknown dnsPolicy '{policy}': treated as ClusterFirst");
            effective = "ClusterFirst";
        }

        var node = ParseNode(kubelet.NodeResolvConf);
        List<string> nameservers;
        List<string> searches;
        List<(string Name, string? Value)> options;
        switch (effective)
        {
            case "ClusterFirst" or "ClusterFirstWithHostNet":
                var domain = kubelet.ClusterDomain.Trim('.');
                nameservers = [.. kubelet.ClusterDns];
                searches = [$"{pod.Namespace}.svc.{domain}", $"svc.{domain}", domain, .. node.Searches];
                options = [("ndots", "5")];
                break;
            case "Default":
                nameservers = [.. node.Nameservers];
                searches = [.. node.Searches];
                options = [.. node.Options];
                if (kubelet.NodeResolvConf is null)
                {
                    nameservers = ["127.0.0.1"];
                    searches = ["."];
                    notes.Add("kubelet --resolv-conf is empty: nameserver 127.0.0.1, search .");
                }

                break;
            default:
                nameservers = [];
                searches = [];
                options = [];
                break;
        }

        if (pod.DnsConfig is { } extra)
        {
            nameservers.AddRange(extra.Nameservers);
            searches.AddRange(extra.Searches);
            foreach (var option in extra.Options)
            {
                options.RemoveAll(o => o.Name == option.Name);
                options.Add((option.Name, option.Value));
            }
        }

        nameservers = [.. nameservers.Distinct(StringComparer.Ordinal)];
        if (nameservers.Count > MaxNameservers)
        {
            notes.Add($"{nameservers.Count} nameservers: kubelet keeps the first {MaxNameservers}");
            nameservers = [.. nameservers.Take(MaxNameservers)];
        }

        searches = LimitSearches(searches, kubelet.ExpandedDnsConfig, notes);
        var optionText = options.Select(o => o.Value is null ? o.Name : $"{o.Name}:{o.Value}").ToList();
        return new EffectivePodDns(pod.Namespace, pod.Name, policy, effective, nameservers, searches, optionText, notes);
    }

    private static List<string> LimitSearches(List<string> searches, bool expanded, List<string> notes)
    {
        var (maxCount, maxChars) = expanded ? (32, 2048) : (6, 256);
        var result = new List<string>();
        foreach (var search in searches.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (search.Length > 253)
            {
                notes.Add($"search entry longer than 253 characters dropped");
                continue;
            }

            var chars = result.Sum(s => s.Length) + result.Count + search.Length;
            if (result.Count >= maxCount || chars > maxChars)
            {
                notes.Add($"search list truncated at {maxCount} entries / {maxChars} characters");
                break;
            }

            result.Add(search);
        }

        return result;
    }

    private static (List<string> Nameservers, List<string> Searches, List<(string Name, string? Value)> Options) ParseNode(string? text)
    {
        var nameservers = new List<string>();
        var searches = new List<string>();
        var options = new List<(string, string?)>();
        foreach (var raw in (text ?? string.Empty).Split('\n'))
        {
            var words = raw.Split('#', ';')[0].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                continue;
            }

            switch (words[0])
            {
                case "nameserver":
                    nameservers.Add(words[1]);
                    break;
                case "search" or "domain":
                    searches.Clear();
                    searches.AddRange(words.Skip(1));
                    break;
                case "options":
                    foreach (var option in words.Skip(1))
                    {
                        var colon = option.IndexOf(':', StringComparison.Ordinal);
                        options.Add(colon < 0 ? (option, null) : (option[..colon], option[(colon + 1)..]));
                    }

                    break;
            }
        }

        return (nameservers, searches, options);
    }
}
