using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Core.Rendering;
using Companion.Core.Model;
using Companion.Interactive.Magic;
using Companion.Interactive.Views;
using Companion.Lab;
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
        Formatter.Register<PodList>(v => PodTable.ToHtml(v.Pods, v.Source, v.Nodes), HtmlMime);
        Formatter.Register<PodList>(v => PodTable.ToText(v.Pods, v.Source, v.Nodes), TextMime);
        Formatter.Register<ServiceList>(v => ServiceTable.ToHtml(v.Services, v.Slices, v.Source), HtmlMime);
        Formatter.Register<ServiceList>(v => ServiceTable.ToText(v.Services, v.Slices, v.Source), TextMime);
        Formatter.Register<EndpointSliceList>(v => EndpointSliceTable.ToHtml(v.Slices, v.Source), HtmlMime);
        Formatter.Register<EndpointSliceList>(v => EndpointSliceTable.ToText(v.Slices, v.Source), TextMime);
        Formatter.Register<NodeList>(v => NodeTable.ToHtml(v.Nodes, v.Source), HtmlMime);
        Formatter.Register<NodeList>(v => NodeTable.ToText(v.Nodes, v.Source), TextMime);
        Formatter.Register<ServiceDescription>(ServiceDescriptionView.ToHtml, HtmlMime);
        Formatter.Register<ServiceDescription>(ServiceDescriptionView.ToText, TextMime);
        Formatter.Register<ProxyModeReport>(v => ProxyModeView.ToHtml(v.Info, v.Source), HtmlMime);
        Formatter.Register<ProxyModeReport>(v => ProxyModeView.ToText(v.Info, v.Source), TextMime);
        Formatter.Register<DnsConfigReport>(v => DnsConfigView.ToHtml(v.Pod, v.Cluster, v.Source), HtmlMime);
        Formatter.Register<DnsConfigReport>(v => DnsConfigView.ToText(v.Pod, v.Cluster, v.Source), TextMime);
        Formatter.Register<ConnectedSource>(v => SourceLineHtml.Render(v.Source.Describe() + (v.DefaultNamespace is null ? "" : $", namespace {v.DefaultNamespace}")), HtmlMime);
        Formatter.Register<ConnectedSource>(v => "source: " + v.Source.Describe() + (v.DefaultNamespace is null ? "" : $", namespace {v.DefaultNamespace}"), TextMime);
        Formatter.Register<TraceReport>(v => TraceHtml.Render(v.Trace) + charts.Charts.Render(v.Split) + SourceLineHtml.Render(v.Source), HtmlMime);
        Formatter.Register<TraceReport>(v => TraceText.Render(v.Trace) + "source: " + v.Source, TextMime);
        Formatter.Register<LabStatus>(s => LabStatusHtml.ToHtml(s.LabName, s.Up, s.Phase, s.ProxyMode, s.Topology), HtmlMime);
        Formatter.Register<LabStatus>(s => LabStatusHtml.ToText(s.LabName, s.Up, s.Phase, s.ProxyMode, s.Topology), TextMime);
        Formatter.Register<LabTcpProbeReport>(v => charts.Charts.Render(v.Latency) + charts.Charts.Render(v.Split) + SourceLineHtml.Render(v.Source), HtmlMime);
        Formatter.Register<LabTcpProbeReport>(v => PlainText.Of(v.Latency) + "\n" + PlainText.Of(v.Split), TextMime);
        foreach (var type in new[] { typeof(PodList), typeof(ServiceList), typeof(EndpointSliceList), typeof(NodeList), typeof(ServiceDescription), typeof(ProxyModeReport), typeof(DnsConfigReport), typeof(ConnectedSource), typeof(TraceReport), typeof(LabStatus), typeof(LabTcpProbeReport) })
        {
            Formatter.SetPreferredMimeTypesFor(type, HtmlMime, TextMime);
        }

        foreach (var type in new[] { typeof(DnsPlanView), typeof(DnsProbeRun), typeof(DnsComparison), typeof(LatencyChart), typeof(BarChart), typeof(SankeyChart), typeof(WaterfallChart), typeof(ProbeProgress) })
        {
            Formatter.SetPreferredMimeTypesFor(type, HtmlMime, TextMime);
        }
    }
}
