using System.Globalization;
using Companion.Core.Dns;
using Companion.Core.Rendering;

namespace Companion.Core.Charts;

/// <summary>A progress bar for a running probe (displayed once, then updated in place).</summary>
public static class ProgressBarHtml
{
    public static string Render(ProbeProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var total = Math.Max(1, progress.Total);
        var done = Math.Clamp(progress.Completed, 0, total);
        var percent = (100.0 * done / total).ToString("F0", CultureInfo.InvariantCulture);
        return $"<div class=\"companion-progress\"><progress value=\"{Html.Encode(done)}\" max=\"{Html.Encode(total)}\"></progress> "
            + $"<span>{Html.Encode(done)} / {Html.Encode(total)} lookups ({Html.Encode(percent)}%)</span></div>";
    }

    public static string RenderText(ProbeProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return string.Create(CultureInfo.InvariantCulture, $"{progress.Completed}/{progress.Total} lookups");
    }
}
