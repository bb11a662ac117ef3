namespace Companion.Core.Kube;

/// <summary>
/// A pod's effective DNS configuration: the resolv.conf kubelet writes for it, and why. EffectivePolicy is the policy
/// kubelet actually applies (ClusterFirst on hostNetwork becomes Default); Notes has one line per rule that changed
/// something (policy fallback, entries dropped, limits).
/// </summary>
public sealed record EffectivePodDns(
    string Namespace,
    string PodName,
    string DnsPolicy,
    string EffectivePolicy,
    IReadOnlyList<string> Nameservers,
    IReadOnlyList<string> Searches,
    IReadOnlyList<string> Options,
    IReadOnlyList<string> Notes)
{
    /// <summary>The resolv.conf text, in kubelet's order: nameservers, search, options.</summary>
    public string ResolvConf
    {
        get
        {
            var lines = Nameservers.Select(n => $"nameserver {n}").ToList();
            if (Searches.Count > 0)
            {
                lines.Add($"search {string.Join(' ', Searches)}");
            }

            if (Options.Count > 0)
            {
                lines.Add($"options {string.Join(' ', Options)}");
            }

            return string.Join('\n', lines) + "\n";
        }
    }
}
