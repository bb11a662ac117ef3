using System.Globalization;
using System.Text;
using Companion.Core.Proxy;

namespace Companion.Core.Rendering;

/// <summary>
/// The journey of one packet as HTML: client → Service address → the rules that matched (with dump line numbers) →
/// endpoints with probabilities and masquerade → pod, node and container port; then anything the tracer could not evaluate.
/// Every value is encoded.
/// </summary>
public static class TraceHtml
{
    private const string Style =
        ".companion-trace{font-family:system-ui,sans-serif;font-size:13px}" +
        ".companion-trace .verdict{display:inline-block;padding:1px 8px;border-radius:8px;color:#fff;font-weight:600}" +
        ".companion-trace .verdict-dnat{background:#2e7d32}.companion-trace .verdict-accept{background:#1565c0}" +
        ".companion-trace .verdict-reject{background:#c62828}.companion-trace .verdict-drop{background:#6a1b9a}" +
        ".companion-trace ol.trace-journey>li{margin:6px 0}.companion-trace table{border-collapse:collapse}" +
        ".companion-trace td,.companion-trace th{padding:2px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}" +
        ".companion-trace code{font-size:12px}.companion-trace .bar{display:inline-block;height:8px;background:#2e7d32}";

    public static string Render(ServiceTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var p = trace.Packet;
        var verdict = trace.Verdict.ToString().ToLowerInvariant();
        var sb = new StringBuilder();
        sb.Append("<div class=\"companion-trace\"><style>").Append(Style).Append("</style>");
        sb.Append("<div class=\"trace-head\"><span class=\"verdict verdict-").Append(Html.Encode(verdict)).Append("\">")
          .Append(Html.Encode(verdict)).Append("</span> <span class=\"trace-method\">").Append(Html.Encode(trace.Method)).Append("</span>");
        if (trace.ServiceName is not null)
        {
            sb.Append(" <span class=\"trace-service\">").Append(Html.Encode(trace.ServiceName)).Append("</span>");
        }

        sb.Append("</div><ol class=\"trace-journey\">");
        sb.Append("<li class=\"step step-client\">client <b>").Append(Html.Encode(p.Source)).Append("</b> (")
          .Append(Html.Encode(p.Entry == PacketEntry.Local ? "sent by the node: nat OUTPUT" : "from the network or a pod: nat PREROUTING")).Append(")</li>");
        sb.Append("<li class=\"step step-service\">to <b>").Append(Html.Encode(p.Destination)).Append(':').Append(Html.Encode(p.DestinationPort))
          .Append("</b>/").Append(Html.Encode(p.Protocol)).Append("</li>");
        AppendRules(sb, trace);
        AppendEndpoints(sb, trace);
        sb.Append("</ol>");
        if (trace.Reason is not null)
        {
            sb.Append("<p class=\"trace-reason\">").Append(Html.Encode(trace.Reason)).Append("</p>");
        }

        if (trace.Diagnostics.Count > 0)
        {
            sb.Append("<details class=\"trace-diagnostics\" open><summary>").Append(Html.Encode(trace.Diagnostics.Count))
              .Append(" note(s): what the tracer could not evaluate</summary><ul>");
            foreach (var d in trace.Diagnostics)
            {
                sb.Append("<li class=\"diagnostic diagnostic-").Append(Html.Encode(d.Severity.ToString().ToLowerInvariant())).Append("\">")
                  .Append(Html.Encode(d.ToString())).Append("</li>");
            }

            sb.Append("</ul></details>");
        }

        return sb.Append("</div>").ToString();
    }

    private static void AppendRules(StringBuilder sb, ServiceTrace trace)
    {
        sb.Append("<li class=\"step step-rules\">");
        if (trace.Chains.Count > 0)
        {
            sb.Append("<div class=\"trace-chains\">").Append(string.Join(" → ", trace.Chains.Select(c => $"<code>{Html.Encode(c)}</code>"))).Append("</div>");
        }

        if (trace.Hits.Count == 0)
        {
            sb.Append("<div>no rule matched</div></li>");
            return;
        }

        sb.Append("<table class=\"trace-rules\"><thead><tr><th>line</th><th>table</th><th>chain</th><th>action</th><th>rule</th></tr></thead><tbody>");
        foreach (var h in trace.Hits)
        {
            sb.Append("<tr><td class=\"line\">").Append(Html.Encode(h.LineNumber)).Append("</td><td>").Append(Html.Encode(h.Table))
              .Append("</td><td>").Append(Html.Encode(h.Chain)).Append("</td><td>").Append(Html.Encode(h.Action))
              .Append("</td><td><code>").Append(Html.Encode(h.RuleText)).Append("</code></td></tr>");
        }

        sb.Append("</tbody></table></li>");
    }

    private static void AppendEndpoints(StringBuilder sb, ServiceTrace trace)
    {
        if (trace.Targets.Count == 0)
        {
            return;
        }

        sb.Append("<li class=\"step step-endpoints\"><table class=\"trace-endpoints\"><thead><tr><th>endpoint</th><th>probability</th>")
          .Append("<th>source</th><th>pod</th><th>node</th><th>container port</th></tr></thead><tbody>");
        foreach (var t in trace.Targets)
        {
            var colon = t.Endpoint.LastIndexOf(':');
            var port = colon >= 0 ? t.Endpoint[(colon + 1)..] : "";
            var pod = t.PodName is null ? "" : (t.PodNamespace is null ? t.PodName : $"{t.PodNamespace}/{t.PodName}");
            var width = Math.Clamp(t.Probability * 100, 0, 100).ToString("0.#", CultureInfo.InvariantCulture);
            sb.Append("<tr><td class=\"endpoint\">").Append(Html.Encode(t.Endpoint)).Append("</td><td class=\"probability\">")
              .Append(Html.Encode(t.Probability.ToString("P1", CultureInfo.InvariantCulture)))
              .Append(" <span class=\"bar\" style=\"width:").Append(Html.Encode(width)).Append("px\"></span></td><td class=\"masquerade\">")
              .Append(Html.Encode(t.Masquerade ? "masqueraded (node address)" : "client address kept")).Append("</td><td>")
              .Append(Html.Encode(pod)).Append("</td><td>").Append(Html.Encode(t.NodeName)).Append("</td><td>").Append(Html.Encode(port)).Append("</td></tr>");
        }

        sb.Append("</tbody></table></li>");
    }
}
