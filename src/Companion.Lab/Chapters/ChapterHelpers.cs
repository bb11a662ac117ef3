using System.Text;
using Companion.Cluster.Recording;
using Companion.Core.Rendering;

namespace Companion.Lab.Chapters;

/// <summary>
/// The small helpers every chapter declared in its setup cell (<c>using static Companion.Lab.Chapters.ChapterHelpers;</c>):
/// bounded cancellation tokens, HTML tables with every value encoded, and a recorded run's samples or output.
/// </summary>
public static class ChapterHelpers
{
    /// <summary>A token that fires after the given number of seconds: every lab call in a chapter is bounded.</summary>
    public static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>HTML-encodes a value's text (null: empty).</summary>
    public static string E(object? value) => Html.Encode(value?.ToString());

    /// <summary>A left-aligned HTML table; every header and cell is encoded, cells in <c>&lt;code&gt;</c>.</summary>
    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var h in headers)
        {
            html.Append("<th style=\"text-align:left\">").Append(E(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var v in row)
            {
                html.Append("<td style=\"text-align:left\"><code>").Append(E(v)).Append("</code></td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }


    /// <summary>The answered samples' milliseconds of a recorded probe run (<c>result.samples[].ok/ms</c>).</summary>
    public static double[] RecordedMs(RecordedMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return [.. measurement.Result.GetProperty("samples").EnumerateArray()
            .Where(s => s.GetProperty("ok").GetBoolean()).Select(s => s.GetProperty("ms").GetDouble())];
    }

    /// <summary>A recorded command's standard output, trimmed.</summary>
    public static string RecordedText(RecordedMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return measurement.Result.GetProperty("stdout").GetString()?.Trim() ?? "";
    }
}
