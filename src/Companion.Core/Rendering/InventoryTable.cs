using System.Globalization;
using System.Text;
using Companion.Core.Model;

namespace Companion.Core.Rendering;

/// <summary>
/// The table shape every inventory renderer shares, in HTML and text/plain. Rows beyond the limit are cut and counted,
/// so a 5,000-pod table stays well under 1 MB. Every cell and the source line are HTML-encoded.
/// </summary>
public static class InventoryTable
{
    /// <summary>Rows shown before the table is truncated.</summary>
    public const int DefaultMaxRows = 500;

    /// <summary>
    /// The palette's classes, once per table (a per-cell inline style cost ~30 bytes a row: 5,000 pods went over 1 MB).
    /// </summary>
    public const string ToneStyle = "<style>.companion-inventory .ok{color:green}.companion-inventory .warn{color:darkorange}"
        + ".companion-inventory .bad{color:red}.companion-inventory .dim{color:gray}</style>";

    /// <summary>A cell: its text, and an optional colour for HTML (a CSS colour name).</summary>
    public readonly record struct Cell(string? Text, string? Colour = null)
    {
        public static implicit operator Cell(string? text) => new(text);
    }

    public static string ToHtml(string title, SourceInfo source, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<Cell>> rows, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append("<div class=\"companion-inventory\">").Append(ToneStyle).Append("<div class=\"companion-source\" style=\"color:gray;font-size:smaller\">")
            .Append(Html.Encode(source.Describe())).Append("</div>");
        sb.Append("<table><caption>").Append(Html.Encode(title)).Append(" (").Append(Count(rows.Count)).Append(")</caption><thead><tr>");
        foreach (var header in headers)
        {
            sb.Append("<th>").Append(Html.Encode(header)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows.Take(Math.Max(0, maxRows)))
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append(OpenCell(cell.Colour)).Append(Html.Encode(cell.Text)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        if (rows.Count > maxRows)
        {
            sb.Append("<div class=\"companion-truncated\">showing ").Append(Count(Math.Max(0, maxRows))).Append(" of ")
                .Append(Count(rows.Count)).Append("; ").Append(Count(rows.Count - Math.Max(0, maxRows)))
                .Append(" more not shown (filter with -n or -l)</div>");
        }

        return sb.Append("</div>").ToString();
    }

    // A cell colour from the palette becomes a short class (styled once per table); any other colour stays an inline style.
    private static string OpenCell(string? colour) => colour switch
    {
        null => "<td>",
        "green" => "<td class=\"ok\">",
        "darkorange" => "<td class=\"warn\">",
        "red" => "<td class=\"bad\">",
        "gray" => "<td class=\"dim\">",
        _ => $"<td style=\"color:{Html.Encode(colour)}\">",
    };

    public static string ToText(string title, SourceInfo source, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<Cell>> rows, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var shown = rows.Take(Math.Max(0, maxRows)).Select(r => r.Select(c => Clean(c.Text)).ToList()).ToList();
        var widths = headers.Select((h, i) => shown.Select(r => i < r.Count ? r[i].Length : 0).Append(h.Length).Max()).ToList();
        var sb = new StringBuilder();
        sb.Append(title).Append(" (").Append(Count(rows.Count)).Append(") — ").Append(source.Describe()).Append('\n');
        sb.Append(Line(headers, widths)).Append('\n');
        foreach (var row in shown)
        {
            sb.Append(Line(row, widths)).Append('\n');
        }

        if (rows.Count > maxRows)
        {
            sb.Append("… ").Append(Count(rows.Count - Math.Max(0, maxRows))).Append(" more not shown\n");
        }

        return sb.ToString();
    }

    private static string Line(IReadOnlyList<string> cells, IReadOnlyList<int> widths) =>
        string.Join("  ", cells.Select((c, i) => i < widths.Count ? c.PadRight(widths[i]) : c)).TrimEnd();

    private static string Clean(string? text) => string.IsNullOrEmpty(text) ? "-" : text.ReplaceLineEndings(" ");

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
