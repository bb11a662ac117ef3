using Plotly.NET;

namespace Companion.Charts;

/// <summary>Layout settings that Plotly.NET.CSharp does not expose, set on Plotly.NET's dynamic layout object.</summary>
internal static class Styling
{
    public static GenericChart WithLayoutValue(this GenericChart chart, string name, object value)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty(name, value);
        return GenericChart.setLayout(layout, chart);
    }

    public static GenericChart WithTitleText(this GenericChart chart, string title) =>
        chart.WithLayoutValue("title", new Dictionary<string, object> { ["text"] = title });
}
