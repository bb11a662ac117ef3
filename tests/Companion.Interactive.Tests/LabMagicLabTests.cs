using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>
/// Every new #!lab subcommand on a real lab named lmagic (root only; always taken down): probe dns from a pod, resolv-options,
/// fault add/clear, capture with a lookup (the lost query of the 5 s stall), the kernel's trace, the scale experiment with its
/// progress bar, and an interrupted capture that leaves no tcpdump behind.
/// </summary>
[Collection(PackedKernelCollection.Name)]
public sealed class LabMagicLabTests(PackedKernel kernel)
{
    private const string Lab = "lmagic";
    private const string Pod = "shop/frontend-0";

    [Fact]
    public async Task every_new_lab_magic_runs_on_a_real_lab()
    {
        Assert.SkipUnless(IsRoot(), "the lab needs root");
        try
        {
            // Given the lab as the source, and lab lmagic up
            (await kernel.RunAsync("#!k8s connect --lab")).Failure().Should().BeNull();
            (await kernel.RunAsync($"#!lab up --lab {Lab}")).Failure().Should().BeNull();

            // When probing DNS from the frontend pod five times, and a name that does not exist once
            var dns = await kernel.RunAsync($"#!lab probe dns backend --from {Pod} --count 5 --lab {Lab}");
            var missing = await kernel.RunAsync($"#!lab probe dns nosuch --from {Pod} --lab {Lab}");

            // Then the lookups answered from inside the pod, with a chart and a progress bar updated in place
            dns.Failure().Should().BeNull();
            dns.LastHtml().Should().Contain($"lab: {Lab}, from {Pod}").And.Contain("NOERROR").And.Contain("companion-plot");
            var bar = dns.Events.OfType<DisplayedValueProduced>().First(e => e.FormattedValues.Any(v => v.Value.Contains("<progress", StringComparison.Ordinal)));
            dns.Events.OfType<DisplayedValueUpdated>().Should().Contain(u => u.ValueId == bar.ValueId);
            missing.Failure().Should().BeNull();
            missing.LastHtml().Should().Contain("NXDOMAIN");

            // When changing the pod's resolv.conf, and back
            var reopen = await kernel.RunAsync($"#!lab resolv-options single-request-reopen timeout:1 --pod {Pod} --lab {Lab}");
            var kubelet = await kernel.RunAsync($"#!lab resolv-options --pod {Pod} --lab {Lab}");

            // Then the new file is shown each time
            reopen.Values("text/plain").Should().ContainSingle().Which.Should().Contain("single-request-reopen").And.Contain("timeout:1");
            kubelet.Values("text/plain").Should().ContainSingle().Which.Should().Contain("ndots:5").And.NotContain("single-request-reopen");

            // When a loss fault is injected (its options bound) and cleared
            var loss = await kernel.RunAsync($"#!lab fault add loss --percent 37 --all-traffic --lab {Lab}");
            var clear = await kernel.RunAsync($"#!lab fault clear --lab {Lab}");

            // Then each says what it did
            loss.Values("text/plain").Should().ContainSingle().Which.Should().Contain("loss (37 % of all packets) injected on");
            clear.Values("text/plain").Should().ContainSingle().Which.Should().Be($"lab {Lab}: faults cleared");

            // When capturing DNS in the pod during one lookup, with the second DNS packet of each flow dropped
            (await kernel.RunAsync($"#!lab fault add dns-second-packet --lab {Lab}")).Failure().Should().BeNull();
            var capture = await kernel.RunAsync($"#!lab capture --pod {Pod} --filter \"udp port 53\" --count 12 --seconds 12 --lookup backend --lab {Lab}");
            (await kernel.RunAsync($"#!lab fault clear --lab {Lab}")).Failure().Should().BeNull();

            // Then the decoded packets show the queries for backend's search-list names
            capture.Failure().Should().BeNull();
            var packets = KernelResults.Parse(capture.LastHtml());
            packets.QuerySelector("caption")!.TextContent.Should().Contain("getaddrinfo(\"backend\")");
            packets.Column(6).Should().Contain("? A backend.shop.svc.cluster.local.");

            // When tracing one connection to the backend Service
            var trace = await kernel.RunAsync($"#!lab trace backend:80 --from {Pod} --lab {Lab}");

            // Then the kernel's fired rules are listed, with where the SYN was DNATed
            trace.Failure().Should().BeNull();
            var traced = KernelResults.Parse(trace.LastHtml());
            traced.QuerySelectorAll(".companion-kernel-hits tbody tr").Should().NotBeEmpty();
            traced.QuerySelector(".companion-kernel-trace")!.TextContent.Should().Contain("DNAT to 10.");

            // When running a small scale experiment
            var scale = await kernel.RunAsync($"#!lab scale --services 20 --samples 10 --lab {Lab}");

            // Then a progress bar was updated in place, and the first and last rule positions are charted and tabled
            scale.Failure().Should().BeNull();
            var progress = scale.Events.OfType<DisplayedValueProduced>().First(e => e.FormattedValues.Any(v => v.Value.Contains("<progress", StringComparison.Ordinal)));
            scale.Events.OfType<DisplayedValueUpdated>().Should().Contain(u => u.ValueId == progress.ValueId);
            var points = KernelResults.Parse(scale.LastHtml());
            points.QuerySelectorAll(".companion-plot").Should().HaveCount(1);
            points.Column(2).Should().Contain(["first", "last"]);

            // When a long capture is interrupted
            var pcap = Path.Combine(Path.GetTempPath(), $"c80-{Lab}-cancel-{Guid.NewGuid():N}.pcap");
            var running = kernel.RunAsync($"#!lab capture --pod {Pod} --count 10000 --seconds 120 --out {pcap} --lab {Lab}");
            await WaitForAsync(() => Tcpdumps(pcap) > 0);
            await kernel.Kernel.SendAsync(new Cancel(), TestContext.Current.CancellationToken);
            var cancelled = await running;

            // Then the cell fails with one line and no tcpdump is left
            cancelled.Failure().Should().NotBeNull();
            await WaitForAsync(() => Tcpdumps(pcap) == 0);
            Tcpdumps(pcap).Should().Be(0);
            File.Delete(pcap);
        }
        finally
        {
            (await kernel.RunAsync("#!k8s connect --lab")).Failure().Should().BeNull();
            (await kernel.RunAsync($"#!lab down --lab {Lab}")).LastHtml().Should().Contain("is down");
            await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);
        }
    }

    /// <summary>How many processes have the pcap path on their command line.</summary>
    private static int Tcpdumps(string pcap) =>
        Directory.GetDirectories("/proc").Count(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), out _) && File.ReadAllText(Path.Combine(d, "cmdline")).Contains(pcap, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    /// <summary>Polls every 100 ms for at most 20 s (a bound, not a timing assertion).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static bool IsRoot() => File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
