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
    public static void Register(CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var charts = services;
        HtmlAndText.Register<DnsPlanView>(v => DnsHtml.Render(v.Plan) + SourceLineHtml.Render(v.Source), PlainText.Of);
        HtmlAndText.Register<DnsProbeRun>(r => DnsHtml.Render(r) + charts.Charts.Render(r.ToLatencyChart()), PlainText.Of);
        HtmlAndText.Register<DnsComparison>(c => charts.Charts.Render(c.ToLatencyChart()) + DnsHtml.Render(c), PlainText.Of);
        Formatter.Register<DnsProbeResult>(DnsHtml.Render, HtmlAndText.HtmlMime);
        HtmlAndText.Register<ProbeProgress>(ProgressBarHtml.Render, ProgressBarHtml.RenderText);
        HtmlAndText.Register<LatencyChart>(c => charts.Charts.Render(c), PlainText.Of);
        HtmlAndText.Register<BarChart>(c => charts.Charts.Render(c), PlainText.Of);
        HtmlAndText.Register<SankeyChart>(c => charts.Charts.Render(c), PlainText.Of);
        HtmlAndText.Register<WaterfallChart>(c => charts.Charts.Render(c), PlainText.Of);
        HtmlAndText.Register<PodList>(v => PodTable.ToHtml(v.Pods, v.Source, v.Nodes), v => PodTable.ToText(v.Pods, v.Source, v.Nodes));
        HtmlAndText.Register<ServiceList>(
            v => ServiceTable.ToHtml(v.Services, v.Slices, v.Source),
            v => ServiceTable.ToText(v.Services, v.Slices, v.Source));
        HtmlAndText.Register<EndpointSliceList>(
            v => EndpointSliceTable.ToHtml(v.Slices, v.Source),
            v => EndpointSliceTable.ToText(v.Slices, v.Source));
        HtmlAndText.Register<NodeList>(v => NodeTable.ToHtml(v.Nodes, v.Source), v => NodeTable.ToText(v.Nodes, v.Source));
        HtmlAndText.Register<ServiceDescription>(ServiceDescriptionView.ToHtml, ServiceDescriptionView.ToText);
        HtmlAndText.Register<ProxyModeReport>(v => ProxyModeView.ToHtml(v.Info, v.Source), v => ProxyModeView.ToText(v.Info, v.Source));
        HtmlAndText.Register<DnsConfigReport>(
            v => DnsConfigView.ToHtml(v.Pod, v.Cluster, v.Source),
            v => DnsConfigView.ToText(v.Pod, v.Cluster, v.Source));
        HtmlAndText.Register<ConnectedSource>(
            v => SourceLineHtml.Render(v.Source.Describe() + (v.DefaultNamespace is null ? "" : $", namespace {v.DefaultNamespace}")),
            v => "source: " + v.Source.Describe() + (v.DefaultNamespace is null ? "" : $", namespace {v.DefaultNamespace}"));
        HtmlAndText.Register<TraceReport>(
            v => TraceHtml.Render(v.Trace) + charts.Charts.Render(v.Split) + SourceLineHtml.Render(v.Source),
            v => TraceText.Render(v.Trace) + "source: " + v.Source);
        HtmlAndText.Register<LabStatus>(
            s => LabStatusHtml.ToHtml(s.LabName, s.Up, s.Phase, s.ProxyMode, s.Topology),
            s => LabStatusHtml.ToText(s.LabName, s.Up, s.Phase, s.ProxyMode, s.Topology));
        HtmlAndText.Register<LabTcpProbeReport>(
            v => charts.Charts.Render(v.Latency) + charts.Charts.Render(v.Split) + SourceLineHtml.Render(v.Source),
            v => PlainText.Of(v.Latency) + "\n" + PlainText.Of(v.Split));
    }
}
