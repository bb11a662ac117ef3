using System.Globalization;
using System.Text;
using Companion.Core.Lab;

namespace Companion.Core.Rendering;

/// <summary>A lab's status as HTML and text: up or down, its proxy mode, nodes, pods and services. Every value is encoded.</summary>
public static class LabStatusHtml
{
    public static string ToHtml(string labName, bool up, string? phase, string? proxyMode, LabTopology? topology)
    {
        var sb = new StringBuilder("<div class=\"companion-lab\"><p class=\"lab-state\">");
        sb.Append("lab <b>").Append(Html.Encode(labName)).Append("</b> is ").Append(up ? "up" : "down");
        if (up)
        {
            sb.Append(" (").Append(Html.Encode(proxyMode ?? "iptables")).Append(')');
        }
        else if (phase is not null)
        {
            sb.Append(" (left in phase ").Append(Html.Encode(phase)).Append("; run <code>#!lab down</code>)");
        }

        sb.Append("</p>");
        if (topology is not null)
        {
            sb.Append("<table class=\"lab-pods\"><thead><tr><th>pod</th><th>ip</th><th>node</th></tr></thead><tbody>");
            foreach (var pod in topology.Pods)
            {
                sb.Append("<tr><td>").Append(Html.Encode(pod.Key)).Append("</td><td>").Append(Html.Encode(pod.Ip))
                  .Append("</td><td>").Append(Html.Encode(pod.NodeName)).Append("</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        return sb.Append(SourceLine(labName)).Append("</div>").ToString();
    }

    public static string ToText(string labName, bool up, string? phase, string? proxyMode, LabTopology? topology)
    {
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"lab {labName} is {(up ? $"up ({proxyMode ?? "iptables"})" : "down")}"));
        if (!up && phase is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (left in phase {phase}; run #!lab down)");
        }

        foreach (var pod in topology?.Pods ?? [])
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n  {pod.Key,-32} {pod.Ip,-16} {pod.NodeName}");
        }

        return sb.ToString();
    }

    private static string SourceLine(string labName) => $"<div class=\"companion-source\">source: lab: {Html.Encode(labName)}</div>";
}
