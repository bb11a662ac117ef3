using AngleSharp.Html.Parser;
using Companion.Core.Diagnostics;
using Companion.Core.Model;
using Companion.Core.Proxy;
using Companion.Core.Rendering;

namespace Companion.Core.Tests.Proxy;

public sealed class TraceHtmlTests
{
    private static readonly IptablesRuleset Rules = IptablesSaveParser.Parse(IptablesFixtures.WebAndEmpty).Value;

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public sealed class Journey
    {
        [Fact]
        public void shows_client_service_rules_with_lines_and_endpoints_with_pods()
        {
            // Given
            var trace = IptablesTracer.Trace(Rules, new PacketSpec("10.244.1.20", "10.96.0.10", "tcp", 80));
            var pod = new PodInfo("demo", "web-1", "node-a", "10.244.1.10", "Running", true, 0, new Dictionary<string, string>(), []);
            var snapshot = new ProxyScenario().Build() with { Pods = [pod] };

            // When
            var doc = Parse(TraceHtml.Render(TracePods.Attach(trace, snapshot)));

            // Then
            doc.QuerySelector(".verdict")!.TextContent.Should().Be("dnat");
            doc.QuerySelector(".step-client")!.TextContent.Should().Contain("10.244.1.20");
            doc.QuerySelector(".step-service")!.TextContent.Should().Contain("10.96.0.10:80");
            var lines = doc.QuerySelectorAll(".trace-rules td.line").Select(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            lines.Should().Equal(trace.Hits.Select(h => h.LineNumber));
            var rows = doc.QuerySelectorAll(".trace-endpoints tbody tr").ToList();
            rows.Should().HaveCount(3);
            rows[0].TextContent.Should().Contain("10.244.1.10:8080").And.Contain("33.3").And.Contain("demo/web-1").And.Contain("node-a").And.Contain("client address kept");
            doc.QuerySelector(".trace-diagnostics").Should().BeNull();
        }

        [Fact]
        public void a_reject_shows_its_reason_and_no_endpoint_table()
        {
            // Given
            var trace = IptablesTracer.Trace(Rules, new PacketSpec("10.244.1.20", "10.96.0.11", "tcp", 80));

            // When
            var doc = Parse(TraceHtml.Render(trace));

            // Then
            doc.QuerySelector(".verdict")!.ClassList.Should().Contain("verdict-reject");
            doc.QuerySelector(".trace-reason")!.TextContent.Should().Contain("has no endpoints");
            doc.QuerySelector(".trace-endpoints").Should().BeNull();
        }
    }

    public sealed class Encoding
    {
        [Fact]
        public void every_value_is_encoded()
        {
            // Given
            const string Evil = "<script>alert(1)</script>";
            var trace = new ServiceTrace(
                new PacketSpec(Evil, Evil, Evil, 80),
                TraceVerdict.Dnat,
                [new EndpointTarget(Evil, 1, true, Evil, Evil, Evil, Evil)],
                [Evil],
                [new RuleHit(Evil, Evil, 1, Evil, Evil)],
                [Diagnostic.Warn(Evil, Evil, 3)],
                Evil,
                Evil,
                Evil);

            // When
            var html = TraceHtml.Render(trace);
            var doc = Parse(html);

            // Then
            doc.QuerySelectorAll("script").Should().BeEmpty();
            html.Should().NotContain("<script>");
            doc.QuerySelector(".trace-diagnostics li")!.TextContent.Should().Contain(Evil);
            doc.QuerySelector(".trace-rules code")!.TextContent.Should().Be(Evil);
        }
    }
}
