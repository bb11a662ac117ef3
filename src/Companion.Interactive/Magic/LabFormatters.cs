using Companion.Core.Charts;
using Companion.Core.Lab;
using Companion.Core.Rendering;
using Companion.Lab;
using Microsoft.DotNet.Interactive.Formatting;

namespace Companion.Interactive.Magic;

/// <summary>The formatters of the <c>#!lab</c> results (text/html and text/plain), each one line calling a Core renderer.</summary>
internal static class LabFormatters
{
    private const string HtmlMime = "text/html";
    private const string TextMime = "text/plain";

    public static void Register(CompanionServices services)
    {
        Formatter.Register<LabNotice>(n => LabNoticeHtml.Render(n.Text, n.Preformatted), HtmlMime);
        Formatter.Register<LabNotice>(n => n.Text, TextMime);
        Formatter.Register<LabReplayReport>(r => LabReplayHtml.ToHtml(r.View) + (r.Chart is null ? "" : services.Charts.Render(r.Chart)), HtmlMime);
        Formatter.Register<LabReplayReport>(r => LabReplayHtml.ToText(r.View), TextMime);
        Formatter.Register<LabCaptureReport>(r => PacketTableHtml.Render(r.Result.Packets, r.Caption) + SourceLineHtml.Render(r.Source), HtmlMime);
        Formatter.Register<LabCaptureReport>(r => $"{r.Caption}\n{r.Result.Packets.Count} packets; pcap: {r.Result.PcapPath}\nsource: {r.Source}", TextMime);
        Formatter.Register<LabTraceReport>(r => Trace(r) + SourceLineHtml.Render(r.Source), HtmlMime);
        Formatter.Register<LabTraceReport>(r => LabKernelTraceHtml.ToText(r.Trace.From, r.Trace.Target, r.Trace.Mode, r.Trace.KernelHits, r.Trace.KernelEndpoint, r.Trace.AnsweredBy, r.Trace.Differences) + "source: " + r.Source, TextMime);
        Formatter.Register<LabScaleReport>(r => services.Charts.Render(r.Chart) + LabTableHtml.ToHtml(r.Chart.Title, LabScaleCharts.Headers, LabScaleCharts.ToRows(r.Points)) + SourceLineHtml.Render(r.Source), HtmlMime);
        Formatter.Register<LabScaleReport>(r => LabTableHtml.ToText(r.Chart.Title, LabScaleCharts.Headers, LabScaleCharts.ToRows(r.Points)) + "source: " + r.Source, TextMime);
        foreach (var type in new[] { typeof(LabNotice), typeof(LabReplayReport), typeof(LabCaptureReport), typeof(LabTraceReport), typeof(LabScaleReport) })
        {
            Formatter.SetPreferredMimeTypesFor(type, HtmlMime, TextMime);
        }
    }

    private static string Trace(LabTraceReport r) =>
        LabKernelTraceHtml.ToHtml(r.Trace.From, r.Trace.Target, r.Trace.Mode, r.Trace.KernelHits, r.Trace.KernelEndpoint, r.Trace.AnsweredBy,
            r.Trace.Prediction, r.Trace.Differences, r.Trace.Conntrack, r.Trace.Routes);
}
