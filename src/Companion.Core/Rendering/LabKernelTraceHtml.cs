using System.Text;
using Companion.Core.Lab;
using Companion.Core.Proxy;

namespace Companion.Core.Rendering;

/// <summary>
/// The kernel's own trace of one connection (the rules its SYN fired, in order), the endpoint it was DNATed to, who answered,
/// the conntrack entry and the routes, next to the static tracer's prediction. Every value is encoded.
/// </summary>
public static class LabKernelTraceHtml
{
    public static string ToHtml(string from, string target, string mode, IReadOnlyList<KernelTraceHit> hits, string? kernelEndpoint, string? answeredBy,
        ServiceTrace prediction, IReadOnlyList<string> differences, string conntrack, IReadOnlyList<string> routes)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(routes);
        var sb = new StringBuilder("<div class=\"companion-kernel-trace\">");
        sb.Append("<h4>").Append(Html.Encode($"{from} → {target} ({mode}): the rules the kernel's trace shows the SYN firing")).Append("</h4>");
        sb.Append("<table class=\"companion-kernel-hits\"><thead><tr><th>#</th><th>table</th><th>chain</th><th>kind</th><th>rule</th><th>verdict</th></tr></thead><tbody>");
        for (var i = 0; i < hits.Count; i++)
        {
            var h = hits[i];
            sb.Append("<tr><td>").Append(Html.Encode((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
              .Append("</td><td>").Append(Html.Encode(h.Table)).Append("</td><td>").Append(Html.Encode(h.Chain))
              .Append("</td><td>").Append(Html.Encode(h.Kind)).Append("</td><td><code>").Append(Html.Encode(h.Rule))
              .Append("</code></td><td>").Append(Html.Encode(h.Verdict)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        sb.Append("<p>").Append(Html.Encode($"DNAT to {kernelEndpoint ?? "(none)"}; answered by {answeredBy ?? "(no answer)"}")).Append("</p>");
        sb.Append("<p>").Append(Html.Encode(differences.Count == 0 ? "the kernel and the static prediction agree" : "differences: " + string.Join("; ", differences))).Append("</p>");
        sb.Append("<p>conntrack: <code>").Append(Html.Encode(conntrack)).Append("</code></p>");
        if (routes.Count > 0)
        {
            sb.Append("<ul class=\"companion-routes\">");
            foreach (var r in routes)
            {
                sb.Append("<li><code>").Append(Html.Encode(r)).Append("</code></li>");
            }

            sb.Append("</ul>");
        }

        sb.Append("<h4>The static tracer's prediction</h4>").Append(TraceHtml.Render(prediction));
        return sb.Append("</div>").ToString();
    }

    public static string ToText(string from, string target, string mode, IReadOnlyList<KernelTraceHit> hits, string? kernelEndpoint, string? answeredBy, IReadOnlyList<string> differences)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(differences);
        var sb = new StringBuilder().AppendLine($"{from} -> {target} ({mode}): the kernel's trace of the SYN");
        foreach (var h in hits)
        {
            sb.AppendLine($"  {h.Table,-11} {h.Chain,-40} {h.Kind,-6} {h.Verdict}");
        }

        sb.AppendLine($"DNAT to {kernelEndpoint ?? "(none)"}; answered by {answeredBy ?? "(no answer)"}");
        return sb.AppendLine(differences.Count == 0 ? "kernel and prediction agree" : "differences: " + string.Join("; ", differences)).ToString();
    }
}
