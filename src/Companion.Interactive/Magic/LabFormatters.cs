using Companion.Core.Charts;
using Companion.Core.Lab;
using Companion.Core.Rendering;
using Companion.Interactive.Formatting;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>The formatters of the <c>#!lab</c> results (text/html and text/plain), each one line calling a Core renderer.</summary>
internal static class LabFormatters
{
    public static void Register(CompanionServices services)
    {
        HtmlAndText.Register<LabNotice>(n => LabNoticeHtml.Render(n.Text, n.Preformatted), n => n.Text);
        HtmlAndText.Register<LabReplayReport>(
            r => LabReplayHtml.ToHtml(r.View) + (r.Chart is null ? "" : services.Charts.Render(r.Chart)),
            r => LabReplayHtml.ToText(r.View));
        HtmlAndText.Register<LabCaptureReport>(
            r => PacketTableHtml.Render(r.Result.Packets, r.Caption) + SourceLineHtml.Render(r.Source),
            r => $"{r.Caption}\n{r.Result.Packets.Count} packets; pcap: {r.Result.PcapPath}\nsource: {r.Source}");
        HtmlAndText.Register<LabTraceReport>(
            r => Trace(r) + SourceLineHtml.Render(r.Source),
            r => LabKernelTraceHtml.ToText(r.Trace.From, r.Trace.Target, r.Trace.Mode, r.Trace.KernelHits, r.Trace.KernelEndpoint, r.Trace.AnsweredBy, r.Trace.Differences)
                + "source: " + r.Source);
        HtmlAndText.Register<LabScaleReport>(
            r => services.Charts.Render(r.Chart) + LabTableHtml.ToHtml(r.Chart.Title, LabScaleCharts.Headers, LabScaleCharts.ToRows(r.Points)) + SourceLineHtml.Render(r.Source),
            r => LabTableHtml.ToText(r.Chart.Title, LabScaleCharts.Headers, LabScaleCharts.ToRows(r.Points)) + "source: " + r.Source);
    }

    private static string Trace(LabTraceReport r) =>
        LabKernelTraceHtml.ToHtml(r.Trace.From, r.Trace.Target, r.Trace.Mode, r.Trace.KernelHits, r.Trace.KernelEndpoint, r.Trace.AnsweredBy,
            r.Trace.Prediction, r.Trace.Differences, r.Trace.Conntrack, r.Trace.Routes);
}
