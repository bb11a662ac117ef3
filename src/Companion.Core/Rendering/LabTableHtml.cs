using System.Text;

namespace Companion.Core.Rendering;

/// <summary>A caption, a header row and rows of plain-text cells as an HTML table (every value encoded), or as tab-separated text.</summary>
public static class LabTableHtml
{
    public static string ToHtml(string caption, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("<table class=\"companion-lab-table\"><caption>").Append(Html.Encode(caption)).Append("</caption><thead><tr>");
        foreach (var h in headers)
        {
            sb.Append("<th>").Append(Html.Encode(h)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td>").Append(Html.Encode(cell)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    public static string ToText(string caption, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder().AppendLine(caption).AppendLine(string.Join('\t', headers));
        foreach (var row in rows)
        {
            sb.AppendLine(string.Join('\t', row));
        }

        return sb.ToString();
    }
}
