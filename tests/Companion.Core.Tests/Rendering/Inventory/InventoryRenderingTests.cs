using System.Text;
using AngleSharp.Html.Parser;
using Companion.Core.Kube;
using Companion.Core.Model;
using Companion.Core.Rendering;

namespace Companion.Core.Tests.Rendering.Inventory;

public sealed class InventoryRenderingTests
{
    private static readonly SourceInfo Recorded = new(SourceKind.Recording, "demo", new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));
    private const string Evil = "<script>alert(\"x\")</script>'\"&";

    private static PodInfo Pod(int i, string name = "web", string phase = "Running", bool ready = true, int restarts = 0) =>
        new("demo", $"{name}-{i}", "node-a", $"10.244.{i / 250}.{i % 250}", phase, ready, restarts,
            new Dictionary<string, string> { ["app"] = name }, [new ContainerPortInfo("web", "http", 8080)]);

    [Fact]
    public void five_thousand_pods_stay_under_one_megabyte_and_say_how_many_are_hidden()
    {
        // Given
        var pods = Enumerable.Range(0, 5000).Select(i => Pod(i)).ToList();

        // When
        var html = PodTable.ToHtml(pods, Recorded);
        var text = PodTable.ToText(pods, Recorded);

        // Then
        TestContext.Current.TestOutputHelper?.WriteLine($"5,000 pods: {Encoding.UTF8.GetByteCount(html):N0} bytes of HTML, {Encoding.UTF8.GetByteCount(text):N0} bytes of text");
        Encoding.UTF8.GetByteCount(html).Should().BeLessThan(1_000_000);
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelectorAll("tbody tr").Should().HaveCount(InventoryTable.DefaultMaxRows);
        doc.QuerySelector(".companion-truncated")!.TextContent.Should().Be("showing 500 of 5,000; 4,500 more not shown (filter with -n or -l)");
        text.Should().EndWith("… 4,500 more not shown\n");
    }

    [Fact]
    public void all_five_thousand_pods_with_markup_in_their_names_stay_under_one_megabyte_and_encoded()
    {
        // Given 5,000 pods whose names carry markup, most of them with restarts, on 20 zoned nodes
        var nodes = Enumerable.Range(0, 20).Select(n => new NodeInfo($"node-{n:D2}", [new NodeAddress("InternalIP", $"192.168.50.{n + 1}")], [], true, Zone: $"zone-{n % 3}")).ToList();
        var pods = Enumerable.Range(0, 5000).Select(i => Pod(i, $"web-{i:D5}-7d9f<b>&x", i % 97 == 0 ? "Pending" : "Running", i % 13 != 0, i % 5) with { NodeName = $"node-{i % 20:D2}" }).ToList();

        // When every row is shown
        var html = PodTable.ToHtml(pods, Recorded, nodes, maxRows: pods.Count);

        // Then under 1 MB, no raw markup, and every name reads back exactly
        TestContext.Current.TestOutputHelper?.WriteLine($"5,000 pods, all rows: {Encoding.UTF8.GetByteCount(html):N0} bytes");
        Encoding.UTF8.GetByteCount(html).Should().BeLessThan(1_000_000);
        html.Should().NotContain("<b>");
        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("tbody tr").ToList();
        rows.Select(r => r.Children[1].TextContent).Should().Equal(pods.Select(p => p.Name));
        rows.Select(r => r.Children[7].TextContent).Should().Equal(pods.Select((_, i) => $"zone-{i % 20 % 3}"));
    }

    [Fact]
    public void markup_in_names_and_labels_is_encoded_everywhere()
    {
        // Given
        var pod = Pod(1, Evil);
        var service = new ServiceInfo("demo", Evil, "ClusterIP", "10.96.0.5", [new ServicePortInfo(Evil, "TCP", 80, Evil)], new Dictionary<string, string> { ["app"] = Evil });
        var slice = new EndpointSliceInfo("demo", Evil, Evil, "IPv4", [new EndpointPortInfo(Evil, "TCP", 80)],
            [new EndpointInfo([Evil], true, true, false, Evil, Evil, null, new EndpointTargetRef("Pod", "demo", Evil), [Evil])]);
        var node = new NodeInfo(Evil, [new NodeAddress("InternalIP", Evil)], [Evil], true, Evil, Evil, Evil, Evil);
        var source = new SourceInfo(SourceKind.Live, Evil);
        var dns = PodResolvConf.Build(pod with { DnsConfig = new PodDnsConfig([Evil], [Evil], [new PodDnsOption(Evil, Evil)]) }, new KubeletDnsSettings([Evil], Evil, Evil));

        // When
        string[] outputs =
        [
            PodTable.ToHtml([pod], source, [node]),
            ServiceTable.ToHtml([service], [slice], source),
            EndpointSliceTable.ToHtml([slice], source),
            NodeTable.ToHtml([node], source),
            ProxyModeView.ToHtml(new ProxyModeInfo(ProxyMode.Replaced, Evil, Evil), source),
            DnsConfigView.ToHtml(dns, new ClusterDnsInfo(Evil, Evil, Evil, Evil, Evil, true, Evil), source),
            ServiceDescriptionView.ToHtml(new ServiceDescription(source, service, [slice], [pod], [node])),
        ];

        // Then
        foreach (var html in outputs)
        {
            html.Should().NotContain("<script>");
            var doc = new HtmlParser().ParseDocument(html);
            doc.QuerySelectorAll("script").Should().BeEmpty();
            doc.Body!.TextContent.Should().Contain("<script>alert(\"x\")</script>");
        }
    }

    [Fact]
    public void every_rendering_names_its_source()
    {
        // Given
        var pods = new[] { Pod(1) };

        // When
        var html = new HtmlParser().ParseDocument(PodTable.ToHtml(pods, Recorded));
        var text = NodeTable.ToText([], Recorded);

        // Then
        html.QuerySelector(".companion-source")!.TextContent.Should().Be("recorded 2026-11-30 06:00 UTC (demo)");
        text.Should().StartWith("nodes (0) — recorded 2026-11-30 06:00 UTC (demo)\n");
    }

    [Fact]
    public void phase_readiness_and_restarts_are_coloured()
    {
        // Given
        var pods = new[] { Pod(1), Pod(2, phase: "Pending", ready: false), Pod(3, phase: "Failed", ready: false, restarts: 4) };

        // When
        var doc = new HtmlParser().ParseDocument(PodTable.ToHtml(pods, Recorded));
        var rows = doc.QuerySelectorAll("tbody tr").ToList();

        // Then
        rows[0].Children[2].ClassName.Should().Be("ok");
        rows[1].Children[2].ClassName.Should().Be("warn");
        rows[2].Children[2].ClassName.Should().Be("bad");
        rows[2].Children[3].TextContent.Should().Be("not ready");
        rows[2].Children[4].TextContent.Should().Be("4");
        rows[2].Children[4].ClassName.Should().Be("warn");
        rows[0].Children[4].HasAttribute("class").Should().BeFalse();
        var style = doc.QuerySelectorAll("style").Should().ContainSingle().Subject.TextContent;
        style.Should().Contain(".ok{color:green}").And.Contain(".warn{color:darkorange}").And.Contain(".bad{color:red}");
    }

    [Fact]
    public void endpoint_conditions_follow_the_api_defaults()
    {
        // Given
        var terminating = new EndpointInfo(["10.0.0.1"], false, true, true);
        var unset = new EndpointInfo(["10.0.0.2"], null, null, null);

        // When / Then
        EndpointSliceTable.Conditions(terminating).Should().Be("not-ready serving terminating");
        EndpointSliceTable.Conditions(unset).Should().Be("ready serving");
        ServiceTable.EndpointSummary([terminating, unset]).Should().Be("1 ready, 1 serving-terminating, 0 not ready");
    }
}
