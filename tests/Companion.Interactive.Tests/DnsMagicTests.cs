using System.Net;
using System.Net.Sockets;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>#!dns through a kernel that loaded the packed extension, against the extension's real local dnsmasq.</summary>
public static class DnsMagicTests
{
    [Collection(PackedKernelCollection.Name)]
    public sealed class Loading(PackedKernel kernel)
    {
        [Fact]
        public void the_packed_extension_emits_plotly_js_once_with_no_script_reference()
        {
            // Given the #r cell that loaded the package
            var html = kernel.LoadEvents.OfType<DisplayEvent>()
                .SelectMany(e => e.FormattedValues).Where(v => v.MimeType == "text/html").Select(v => v.Value).ToArray();

            // When we look for the embedded plotly.js
            var scripts = html.Where(h => h.Contains("data-companion=\"plotly.js 2.28.0\"", StringComparison.Ordinal)).ToArray();

            // Then it is there exactly once, inline, with AMD define hidden, and fetches nothing
            scripts.Should().ContainSingle();
            scripts[0].Should().Contain("window.define=undefined").And.NotContain("cdn.plot.ly").And.NotContain("<script src");
        }

        [Fact]
        public async Task plotly_net_runs_in_its_own_load_context_with_fsharp_core_10_1()
        {
            // Given the chart host in the packed extension
            // When a cell draws a chart, then lists the isolated context's assemblies
            var result = await kernel.RunAsync("""
                var html = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(
                    new Companion.Core.Charts.BarChart("t", "ms", ["a"], [new Companion.Core.Charts.BarSeries("s", [1.0])], "test"), "text/html");
                if (!html.Contains("\"type\":\"bar\"")) throw new Exception(html);
                System.Runtime.Loader.AssemblyLoadContext.All.First(c => c.Name == "Companion.Charts").Assemblies
                    .Select(a => $"{a.GetName().Name} {a.GetName().Version}").Aggregate((x, y) => x + "\n" + y)
                """);

            // Then FSharp.Core 10.1 and Plotly.NET live there, and Companion.Core is shared with the host (not loaded twice)
            result.Failure().Should().BeNull();
            var text = result.Events.OfType<ReturnValueProduced>().Single().Value as string;
            text.Should().Contain("FSharp.Core 10.1.").And.Contain("Plotly.NET 6.0.0").And.NotContain("Companion.Core ");
        }
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Plan(PackedKernel kernel)
    {
        [Fact]
        public async Task lists_the_search_list_candidates_before_the_name_as_is()
        {
            // Given the pod resolv.conf (ndots 5, three search domains)
            // When planning an external name
            var result = await kernel.RunAsync("#!dns plan api.example.com");

            // Then 4 candidates × (A, AAAA), search domains first, and the source is named
            var document = KernelResults.Parse(result.LastHtml());
            document.Column(2).Should().Equal(
                "api.example.com.demo.svc.cluster.local", "api.example.com.demo.svc.cluster.local",
                "api.example.com.svc.cluster.local", "api.example.com.svc.cluster.local",
                "api.example.com.cluster.local", "api.example.com.cluster.local",
                "api.example.com", "api.example.com");
            document.Column(1).Take(2).Should().Equal("A", "AAAA");
            document.QuerySelector(".companion-source")!.TextContent.Should().Contain("resolv.conf /");
        }
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Failures(PackedKernel kernel)
    {
        [Theory]
        [InlineData("#!dns probe web --count oops", "count")]
        [InlineData("#!dns probe web --cout 3", "--cout")]
        [InlineData("#!dns plan web --libc bsd", "--libc must be glibc or musl")]
        [InlineData("#!dns plan", "NAME")]
        [InlineData("#!dns probe web --count 0", "--count must be between 1")]
        [InlineData("#!dns probe web --rate 0", "--rate must be between 1")]
        [InlineData("#!dns plan web --resolv-conf /nonexistent/resolv.conf", "cannot read resolv.conf")]
        [InlineData("#!dns probe web --server not-an-ip", "--server")]
        public async Task a_bad_option_fails_the_cell_with_one_clear_line_and_the_kernel_stays_usable(string cell, string expected)
        {
            // Given a cell with a mistake
            // When it runs
            var result = await kernel.RunAsync(cell);

            // Then it fails with a one-line message naming the problem
            result.Failure().Should().NotBeNull().And.Contain(expected);
            result.Failure()!.Trim().Should().NotContain("\n   at ");

            // And the kernel still runs the next cell
            var next = await kernel.RunAsync("1 + 1");
            next.Failure().Should().BeNull();
            next.Events.OfType<ReturnValueProduced>().Single().Value.Should().Be(2);
        }
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Probe(PackedKernel kernel)
    {
        [Fact]
        public async Task shows_a_progress_bar_updated_in_place_then_every_query_and_a_chart()
        {
            // Given the local dnsmasq serving web.demo.svc.cluster.local
            // When probing the short name 10 times
            var result = await kernel.RunAsync("#!dns probe web --count 10");

            // Then a progress bar was displayed once and updated in place to 10/10
            result.Failure().Should().BeNull();
            var shown = result.Events.OfType<DisplayedValueProduced>()
                .First(e => e.FormattedValues.Any(v => v.Value.Contains("<progress", StringComparison.Ordinal)));
            var updates = result.Events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == shown.ValueId).ToArray();
            updates.Should().NotBeEmpty();
            updates[^1].FormattedValues.Single(v => v.MimeType == "text/html").Value.Should().Contain("value=\"10\" max=\"10\"");

            // And the result has the wire queries (web.demo.svc.cluster.local answers first), a plot div and the source
            var document = KernelResults.Parse(result.LastHtml());
            document.Column(2, table: 0).Should().Equal("10");
            document.Column(3, table: 1).Should().StartWith(["web.demo.svc.cluster.local"]);
            document.Column(4, table: 1).Should().Contain("NOERROR");
            document.QuerySelectorAll(".companion-plot").Should().ContainSingle();
            document.QuerySelector(".dns-note")!.TextContent.Should().Contain("server 127.0.0.153:");
        }

        [Fact]
        public async Task compare_shows_one_chart_and_a_row_per_what_if()
        {
            // Given the local dnsmasq
            // When comparing what-ifs for an external name
            var result = await kernel.RunAsync("#!dns compare api.example.com --count 2");

            // Then one chart and six variants with 2 lookups each; ndots 1 sends fewer queries than ndots 5
            result.Failure().Should().BeNull();
            var document = KernelResults.Parse(result.LastHtml());
            document.QuerySelectorAll(".companion-plot").Should().ContainSingle();
            document.Column(2).Should().HaveCount(6).And.OnlyContain(n => n == "2");
            var queries = document.Column(1).Select(int.Parse).ToArray();
            queries[3].Should().BeLessThan(queries[1]);
        }
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Help(PackedKernel kernel)
    {
        [Theory]
        [InlineData("plan", "--libc")]
        [InlineData("probe", "--timeout-ms")]
        [InlineData("compare", "--count")]
        public async Task help_lists_every_option_with_its_description(string subcommand, string option)
        {
            // Given a user who types --help
            // When the magic runs
            var result = await kernel.RunAsync($"#!dns {subcommand} --help");

            // Then the help text names the options and nothing failed
            result.Failure().Should().BeNull();
            result.Values("text/plain").Should().ContainSingle(t => t.Contains(option, StringComparison.Ordinal) && t.Contains("--server", StringComparison.Ordinal));
        }
    }

    internal static UdpClient SilentServer() => new(new IPEndPoint(IPAddress.Loopback, 0));
}
