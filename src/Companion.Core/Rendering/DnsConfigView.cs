using System.Text;
using Companion.Core.Kube;
using Companion.Core.Model;

namespace Companion.Core.Rendering;

/// <summary>A pod's effective DNS config (policy, the resolv.conf kubelet writes, notes) and the cluster DNS set-up.</summary>
public static class DnsConfigView
{
    public static string ToHtml(EffectivePodDns? pod, ClusterDnsInfo? cluster, SourceInfo source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sb = new StringBuilder("<div class=\"companion-dns-config\"><div class=\"companion-source\" style=\"color:gray;font-size:smaller\">")
            .Append(Html.Encode(source.Describe())).Append("</div>");
        if (cluster is not null)
        {
            sb.Append("<p>cluster DNS: <strong>").Append(Html.Encode(ClusterLine(cluster))).Append("</strong></p>");
            if (cluster.Corefile is { } corefile)
            {
                sb.Append("<details><summary>Corefile</summary><pre>").Append(Html.Encode(corefile)).Append("</pre></details>");
            }
        }

        if (pod is not null)
        {
            sb.Append("<p>pod <strong>").Append(Html.Encode($"{pod.Namespace}/{pod.PodName}")).Append("</strong>: dnsPolicy ")
                .Append(Html.Encode(PolicyLine(pod))).Append("</p><pre>").Append(Html.Encode(pod.ResolvConf)).Append("</pre>");
            if (pod.Notes.Count > 0)
            {
                sb.Append("<ul>");
                foreach (var note in pod.Notes)
                {
                    sb.Append("<li>").Append(Html.Encode(note)).Append("</li>");
                }

                sb.Append("</ul>");
            }
        }

        return sb.Append("</div>").ToString();
    }

    public static string ToText(EffectivePodDns? pod, ClusterDnsInfo? cluster, SourceInfo source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sb = new StringBuilder("dns config — ").Append(source.Describe()).Append('\n');
        if (cluster is not null)
        {
            sb.Append("cluster DNS: ").Append(ClusterLine(cluster)).Append('\n');
        }

        if (pod is not null)
        {
            sb.Append("pod ").Append(pod.Namespace).Append('/').Append(pod.PodName).Append(": dnsPolicy ").Append(PolicyLine(pod)).Append('\n')
                .Append(pod.ResolvConf);
            foreach (var note in pod.Notes)
            {
                sb.Append("note: ").Append(note).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string PolicyLine(EffectivePodDns pod) =>
        pod.DnsPolicy == pod.EffectivePolicy ? pod.DnsPolicy : $"{pod.DnsPolicy} (behaves as {pod.EffectivePolicy})";

    private static string ClusterLine(ClusterDnsInfo c) =>
        $"{c.ServiceNamespace ?? "?"}/{c.ServiceName ?? "?"} {c.ClusterIp ?? "(no ClusterIP)"}, domain {c.ClusterDomain}, NodeLocal DNSCache "
        + (c.NodeLocalDnsCache ? $"present{(c.NodeLocalAddress is { } a ? $" ({a})" : "")}" : "absent");
}
