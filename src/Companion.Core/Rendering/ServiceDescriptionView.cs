using System.Text;
using Companion.Core.Model;

namespace Companion.Core.Rendering;

/// <summary><c>describe service</c>: the Service line, then its slices' endpoints, pods and nodes as tables.</summary>
public static class ServiceDescriptionView
{
    public static string ToHtml(ServiceDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var s = description.Service;
        var sb = new StringBuilder("<div class=\"companion-describe-service\"><div class=\"companion-source\" style=\"color:gray;font-size:smaller\">")
            .Append(Html.Encode(description.Source.Describe())).Append("</div><h4>service ")
            .Append(Html.Encode(s.Key)).Append("</h4><p>").Append(Html.Encode(Summary(description))).Append("</p>");
        sb.Append(EndpointSliceTable.ToHtml(description.Slices, description.Source));
        sb.Append(PodTable.ToHtml(description.Pods, description.Source, description.Nodes));
        sb.Append(NodeTable.ToHtml(description.Nodes, description.Source));
        return sb.Append("</div>").ToString();
    }

    public static string ToText(ServiceDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return new StringBuilder("service ").Append(description.Service.Key).Append(" — ").Append(description.Source.Describe()).Append('\n')
            .Append(Summary(description)).Append("\n\n")
            .Append(EndpointSliceTable.ToText(description.Slices, description.Source)).Append('\n')
            .Append(PodTable.ToText(description.Pods, description.Source, description.Nodes)).Append('\n')
            .Append(NodeTable.ToText(description.Nodes, description.Source))
            .ToString();
    }

    private static string Summary(ServiceDescription d)
    {
        var s = d.Service;
        var selector = s.Selector.Count == 0 ? "(none)" : string.Join(",", s.Selector.Select(kv => $"{kv.Key}={kv.Value}"));
        return $"type {s.Type}, cluster IP {s.ClusterIp ?? "-"}, ports {ServiceTable.Ports(s)}, selector {selector}, "
            + $"sessionAffinity {s.SessionAffinity}, externalTrafficPolicy {s.ExternalTrafficPolicy}, internalTrafficPolicy {s.InternalTrafficPolicy}; "
            + $"endpoints: {ServiceTable.EndpointSummary(d.Slices.SelectMany(x => x.Endpoints))}";
    }
}
