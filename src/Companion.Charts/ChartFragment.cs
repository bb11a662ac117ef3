using System.Globalization;
using Companion.Core.Rendering;
using Plotly.NET;

namespace Companion.Charts;

/// <summary>The HTML around one figure: a plot div, the source line, and a script that draws once plotly.js is there.</summary>
internal static class ChartFragment
{
    public static string Render(GenericChart chart, string source, int height)
    {
        // '<' only occurs inside JSON strings, where \u003c is the same character: no text can close the script element.
        var figure = GenericChart.toFigureJson(chart).Replace("<", "\\u003c", StringComparison.Ordinal);
        var id = "companion-plot-" + Guid.NewGuid().ToString("N");
        var h = height.ToString(CultureInfo.InvariantCulture);
        return $$"""
            <div class="companion-chart">
            <div id="{{id}}" class="companion-plot" style="width:100%;height:{{h}}px;"></div>
            <div class="companion-source" style="font-size:smaller;opacity:.75">source: {{Html.Encode(source)}}</div>
            <script type="text/javascript">(function(){var fig={{figure}};var id="{{id}}";var n=0;
            function draw(){var el=document.getElementById(id);if(!el){return;}
            if(window.Plotly){window.Plotly.newPlot(el,fig.data,fig.layout,{responsive:true,displaylogo:false});}
            else if(n++<400){setTimeout(draw,25);}
            else{el.textContent="plotly.js is not loaded in this page: run the cell that loads Companion.Interactive first.";} }
            draw();})();</script>
            </div>
            """;
    }
}
