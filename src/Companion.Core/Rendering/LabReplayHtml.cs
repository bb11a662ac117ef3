using System.Text;

namespace Companion.Core.Rendering;

/// <summary>Renders a <see cref="LabReplayView"/> as HTML (every value encoded) or as plain text.</summary>
public static class LabReplayHtml
{
    public static string ToHtml(LabReplayView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder("<div class=\"companion-replay\">");
        sb.Append("<p class=\"companion-replay-label\"><b>").Append(Html.Encode(view.Label)).Append("</b></p>");
        sb.Append("<p><code>").Append(Html.Encode(view.Command)).Append("</code> (").Append(Html.Encode(view.Kind)).Append(")</p>");
        if (view.Facts.Count > 0)
        {
            sb.Append("<table class=\"companion-replay-facts\"><tbody>");
            foreach (var (name, value) in view.Facts)
            {
                sb.Append("<tr><th>").Append(Html.Encode(name)).Append("</th><td>").Append(Html.Encode(value)).Append("</td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        if (view.Headers.Count > 0)
        {
            sb.Append("<table class=\"companion-replay-rows\"><thead><tr>");
            foreach (var header in view.Headers)
            {
                sb.Append("<th>").Append(Html.Encode(header)).Append("</th>");
            }

            sb.Append("</tr></thead><tbody>");
            foreach (var row in view.Rows)
            {
                sb.Append("<tr>");
                foreach (var cell in row)
                {
                    sb.Append("<td>").Append(Html.Encode(cell)).Append("</td>");
                }

                sb.Append("</tr>");
            }

            sb.Append("</tbody></table>");
        }

        return sb.Append("</div>").ToString();
    }

    public static string ToText(LabReplayView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder().AppendLine(view.Label).Append(view.Command).Append(" (").Append(view.Kind).AppendLine(")");
        foreach (var (name, value) in view.Facts)
        {
            sb.Append("  ").Append(name).Append(": ").AppendLine(value);
        }

        if (view.Headers.Count > 0)
        {
            sb.AppendLine(string.Join('\t', view.Headers));
            foreach (var row in view.Rows)
            {
                sb.AppendLine(string.Join('\t', row));
            }
        }

        return sb.ToString();
    }
}
