using AngleSharp.Html.Parser;
using Companion.Core.Dns;
using Companion.Core.Rendering;
using Companion.Core.Statistics;

namespace Companion.Core.Tests.Dns;

public sealed class DnsHtmlTests
{
    private const string Evil = "<script>alert(1)</script>";

    private static readonly ResolvConf Conf = new(["10.96.0.10"], [Evil + ".example"], Ndots: 5);

    private static DnsProbeResult Result() => new(
        Evil,
        ResolverLibc.Glibc,
        [
            new DnsWireQuery(DnsRecordType.A, Evil, DnsOutcome.NxDomain, "NXDOMAIN", [], 0.41, 0.01, "10.96.0.10", false),
            new DnsWireQuery(DnsRecordType.A, "web", DnsOutcome.NoError, "NOERROR", ["10.0.0.1", Evil], 0.32, 0.5, "10.96.0.10", true),
        ],
        ["10.0.0.1"],
        DnsOutcome.NoError,
        0.9);

    private static DnsProbeRun Run(string label) => new(
        new DnsProbeRequest(Evil, Conf, ResolverLibc.Glibc, Label: label),
        DnsQueryPlanner.Plan(Evil, Conf, ResolverLibc.Glibc),
        [Result()],
        Latency.Summarize([0.9], new Dictionary<string, int> { [Evil] = 1 }),
        "source " + Evil);

    [Fact]
    public void every_renderer_encodes_what_it_shows()
    {
        // Given
        var html = new[]
        {
            DnsHtml.Render(DnsQueryPlanner.Plan(Evil, Conf, ResolverLibc.Musl)),
            DnsHtml.Render(Result()),
            DnsHtml.Render(Run(Evil)),
            DnsHtml.Render(new DnsComparison(Evil, [Run(Evil), Run("b")])),
        };

        foreach (var h in html)
        {
            // When
            var document = new HtmlParser().ParseDocument(h);

            // Then
            document.QuerySelectorAll("script").Should().BeEmpty();
            document.Body!.TextContent.Should().Contain(Evil);
        }
    }

    [Fact]
    public void a_result_has_one_row_per_wire_query_coloured_by_outcome()
    {
        // Given / When
        var document = new HtmlParser().ParseDocument(DnsHtml.Render(Result()));

        // Then
        var rows = document.QuerySelectorAll("tbody tr");
        rows.Select(r => r.ClassName).Should().Equal("dns-nx", "dns-ok");
        rows[1].TextContent.Should().Contain("NOERROR").And.Contain("TCP").And.Contain("10.0.0.1");
    }

    [Fact]
    public void a_comparison_has_one_summary_row_per_variant_and_shows_the_source()
    {
        // Given / When
        var document = new HtmlParser().ParseDocument(DnsHtml.Render(new DnsComparison("web", [Run("ndots 5"), Run("ndots 1")])));

        // Then
        document.QuerySelectorAll("tbody tr").Select(r => r.Children[0].TextContent).Should().Equal("ndots 5", "ndots 1");
        document.Body!.TextContent.Should().Contain("source " + Evil);
    }

    [Fact]
    public void a_plan_lists_every_planned_query()
    {
        // Given
        var plan = DnsQueryPlanner.Plan("web", ResolvConf.ClusterFirst("10.96.0.10", "demo"), ResolverLibc.Glibc);

        // When
        var document = new HtmlParser().ParseDocument(DnsHtml.Render(plan));

        // Then
        document.QuerySelectorAll("tbody tr").Should().HaveCount(8);
        document.Body!.TextContent.Should().Contain(plan.Explanation);
    }
}
