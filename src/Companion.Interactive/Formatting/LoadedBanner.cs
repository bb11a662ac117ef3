namespace Companion.Interactive.Formatting;

/// <summary>The short note shown by the cell that loads the extension.</summary>
internal static class LoadedBanner
{
    public static string Html() =>
        "<div class=\"companion-loaded\">Companion.Interactive loaded: <code>#!dns plan | probe | compare</code> "
        + "(add <code>--help</code>); plotly.js 2.28.0 embedded for offline charts.</div>";
}
