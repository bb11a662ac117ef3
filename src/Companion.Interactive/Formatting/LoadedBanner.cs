namespace Companion.Interactive.Formatting;

/// <summary>The short note shown by the cell that loads the extension, naming the cluster source picked by default.</summary>
internal static class LoadedBanner
{
    public static string Html(string? source) =>
        "<div class=\"companion-loaded\">Companion.Interactive loaded: <code>#!dns</code>, <code>#!k8s</code>, <code>#!trace</code>, "
        + "<code>#!lab</code> (add <code>--help</code>); plotly.js 2.28.0 embedded for offline charts. "
        + $"Cluster source: <span class=\"companion-default-source\">{Core.Rendering.Html.Encode(source ?? "none")}</span>"
        + (source is not null && source.StartsWith("lab:", StringComparison.Ordinal) ? " (run <code>#!lab up</code> to build it)" : "")
        + ".</div>";
}
