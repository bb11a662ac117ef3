using System.Net;
using AngleSharp.Html.Dom;

namespace Companion.Interactive.Tests;

/// <summary>
/// Every option binds to its DTO property (a misspelled property would bind nothing, silently): each test sets one option
/// and checks the output changed the way only that option can change it.
/// </summary>
[Collection(PackedKernelCollection.Name)]
public sealed class DnsBindingTests(PackedKernel kernel)
{
    [Fact]
    public async Task name_binds_implicitly_and_explicitly()
    {
        // Given the same name, once as the first argument and once as --name
        // When planning both
        var implicitName = await PlanAsync("#!dns plan web");
        var explicitName = await PlanAsync("#!dns plan --name web");

        // Then both plan web
        implicitName.Column(2)[0].Should().Be("web.demo.svc.cluster.local");
        explicitName.Column(2).Should().Equal(implicitName.Column(2));
    }

    [Fact]
    public async Task resolv_conf_binds()
    {
        // Given a resolv.conf with one search domain and ndots 1
        var path = Path.Combine(Path.GetTempPath(), $"companion-binding-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(path, "nameserver 127.0.0.1\nsearch only.test\noptions ndots:1\n", TestContext.Current.CancellationToken);
        try
        {
            // When planning with --resolv-conf
            var plan = await PlanAsync($"#!dns plan web --resolv-conf {path}");

            // Then its search list and file name are used
            plan.Column(2).Should().Equal("web.only.test", "web.only.test", "web", "web");
            plan.QuerySelector(".companion-source")!.TextContent.Should().Contain(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task server_binds()
    {
        // When planning with --server
        var plan = await PlanAsync("#!dns plan web --server 127.0.0.9:5353");

        // Then the source names it
        plan.QuerySelector(".companion-source")!.TextContent.Should().Contain("--server 127.0.0.9:5353");
    }

    [Fact]
    public async Task ndots_binds()
    {
        // When planning a one-dot name with --ndots 1
        var plan = await PlanAsync("#!dns plan web.demo --ndots 1");

        // Then the name as is comes first
        plan.Column(2)[0].Should().Be("web.demo");
    }

    [Fact]
    public async Task search_binds()
    {
        // When planning with --search
        var plan = await PlanAsync("#!dns plan web --search \"x.test y.test\"");

        // Then exactly that list is walked
        plan.Column(2).Should().Equal("web.x.test", "web.x.test", "web.y.test", "web.y.test", "web", "web");
    }

    [Fact]
    public async Task libc_binds()
    {
        // When planning with musl rules
        var plan = await PlanAsync("#!dns plan web --libc musl");

        // Then musl explains the plan
        plan.QuerySelector(".dns-note")!.TextContent.Should().StartWith("musl:");
    }

    [Fact]
    public async Task count_and_concurrency_bind()
    {
        // When probing with --count 3 --concurrency 2
        var run = await ProbeAsync("#!dns probe web --count 3 --concurrency 2");

        // Then 3 lookups ran, 2 in flight
        run.Column(2, table: 0).Should().Equal("3");
        run.QuerySelector(".dns-run p")!.TextContent.Should().Contain("3 lookups, concurrency 2");
    }

    [Fact]
    public async Task tcp_binds()
    {
        // When probing with --tcp
        var run = await ProbeAsync("#!dns probe web --tcp");

        // Then every query went over TCP
        run.Column(8, table: 1).Should().NotBeEmpty().And.OnlyContain(p => p == "TCP");
    }

    [Fact]
    public async Task timeout_ms_binds()
    {
        // Given a UDP socket that never answers
        using var silent = DnsMagicTests.SilentServer();
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;

        // When probing it with --timeout-ms 150
        var run = await ProbeAsync($"#!dns probe web --server 127.0.0.1:{port} --timeout-ms 150");

        // Then the query timed out after about 150 ms, not the resolv.conf's 5 s
        run.Column(4, table: 1)[0].Should().Be("TIMEOUT");
        double.Parse(run.Column(6, table: 1)[0], System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThan(2000);
    }

    private async Task<IHtmlDocument> PlanAsync(string cell) => await RunAsync(cell);

    private async Task<IHtmlDocument> ProbeAsync(string cell) => await RunAsync(cell);

    private async Task<IHtmlDocument> RunAsync(string cell)
    {
        var result = await kernel.RunAsync(cell);
        result.Failure().Should().BeNull();
        return KernelResults.Parse(result.LastHtml());
    }
}
