using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Core.Rendering;
using Companion.Interactive.Magic;
using Microsoft.DotNet.Interactive.Formatting;

namespace Companion.Interactive.Formatting;

/// <summary>Every formatter the extension registers, text/html and text/plain. Formatters are process-global.</summary>
public static class CompanionFormatters
{
    private const string HtmlMime = "text/html";
    private const string TextMime = "text/plain";

    public static void Register(CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var charts = services;
        Formatter.Register<DnsPlanView>(v => DnsHtml.Render(v.Plan) + SourceLineHtml.Render(v.Source), HtmlMime);
        Formatter.Register<DnsPlanView>(PlainText.Of, TextMime);
        Formatter.Register<DnsProbeRun>(r => DnsHtml.Render(r) + charts.Charts.Render(r.ToLatencyChart()), HtmlMime);
        Formatter.Register<DnsProbeRun>(PlainText.Of, TextMime);
        Formatter.Register<DnsComparison>(c => charts.Charts.Render(c.ToLatencyChart()) + DnsHtml.Render(c), HtmlMime);
        Formatter.Register<DnsComparison>(PlainText.Of, TextMime);
        Formatter.Register<DnsProbeResult>(DnsHtml.Render, HtmlMime);
        Formatter.Register<ProbeProgress>(ProgressBarHtml.Render, HtmlMime);
        Formatter.Register<ProbeProgress>(ProgressBarHtml.RenderText, TextMime);
        Formatter.Register<LatencyChart>(c => charts.Charts.Render(c), HtmlMime);
        Formatter.Register<LatencyChart>(PlainText.Of, TextMime);
        Formatter.Register<BarChart>(c => charts.Charts.Render(c), HtmlMime);
        Formatter.Register<BarChart>(PlainText.Of, TextMime);
        Formatter.Register<SankeyChart>(c => charts.Charts.Render(c), HtmlMime);
        Formatter.Register<SankeyChart>(PlainText.Of, TextMime);
        Formatter.Register<WaterfallChart>(c => charts.Charts.Render(c), HtmlMime);
        Formatter.Register<WaterfallChart>(PlainText.Of, TextMime);
        foreach (var type in new[] { typeof(DnsPlanView), typeof(DnsProbeRun), typeof(DnsComparison), typeof(LatencyChart), typeof(BarChart), typeof(SankeyChart), typeof(WaterfallChart), typeof(ProbeProgress) })
        {
            Formatter.SetPreferredMimeTypesFor(type, HtmlMime, TextMime);
        }
    }
}
