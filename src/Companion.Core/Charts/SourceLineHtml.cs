using Companion.Core.Rendering;

namespace Companion.Core.Charts;

/// <summary>The "source: ..." line under an output, so the audience knows where the data came from.</summary>
public static class SourceLineHtml
{
    public static string Render(string source) =>
        $"<div class=\"companion-source\" style=\"font-size:smaller;opacity:.75\">source: {Html.Encode(source)}</div>";
}
