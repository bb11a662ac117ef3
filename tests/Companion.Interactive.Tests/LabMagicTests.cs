using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>#!lab on the real kernel (root only): up with progress, status, probe tcp from a pod, #!k8s on the lab, down.</summary>
[Collection(PackedKernelCollection.Name)]
public sealed class LabMagicTests(PackedKernel kernel)
{
    private const string Lab = "glue";

    [Fact]
    public async Task up_status_probe_and_down_on_a_test_lab()
    {
        Assert.SkipUnless(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot(), "the lab needs root");
        try
        {
            // Given the lab as the source (lab commands change nothing on a recording) and no lab named glue
            (await kernel.RunAsync("#!k8s connect --lab")).Failure().Should().BeNull();
            (await kernel.RunAsync($"#!lab down --lab {Lab}")).Failure().Should().BeNull();

            // When bringing it up
            var up = await kernel.RunAsync($"#!lab up --lab {Lab} --proxy-mode iptables");

            // Then a progress bar was shown and updated in place, and the status says up with its pods
            up.Failure().Should().BeNull();
            var shown = up.Events.OfType<DisplayedValueProduced>().First(e => e.FormattedValues.Any(v => v.Value.Contains("<progress", StringComparison.Ordinal)));
            up.Events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == shown.ValueId).Should().NotBeEmpty();
            up.LastHtml().Should().Contain("is up").And.Contain("shop/");

            // And status agrees, and #!k8s reads the lab as its source
            (await kernel.RunAsync($"#!lab status --lab {Lab}")).LastHtml().Should().Contain("is up (iptables)");
            var pods = await kernel.RunAsync("#!k8s connect --lab");
            pods.LastHtml().Should().Contain("lab: glue");
            (await kernel.RunAsync("#!k8s get services -n shop")).LastHtml().Should().Contain("backend");

            // When probing the backend Service 30 times from the frontend pod
            var from = await kernel.RunAsync($$"""
                (await Companion.Interactive.CompanionExtension.Services!.Lab.StatusAsync("{{Lab}}", default)).Topology!.Pods.First(p => p.Deployment == "frontend").Key
                """);
            var frontend = (string)from.Events.OfType<ReturnValueProduced>().Single().Value!;
            var probe = await kernel.RunAsync($"#!lab probe tcp backend:80 --from {frontend} --count 30 --lab {Lab}");

            // Then a latency chart and an endpoint split were drawn, over more than one backend pod
            probe.Failure().Should().BeNull();
            var html = probe.LastHtml();
            KernelResults.Parse(html).QuerySelectorAll(".companion-plot").Should().HaveCount(2);
            html.Should().Contain("\"type\":\"bar\"");

            // When tracing the backend Service on the lab (its real iptables rules)
            var trace = await kernel.RunAsync("#!trace service backend -n shop");
            trace.Failure().Should().BeNull();
            trace.LastHtml().Should().Contain("iptables-save");
        }
        finally
        {
            // Then down removes it and status says down
            (await kernel.RunAsync("#!k8s connect --lab")).Failure().Should().BeNull();
            (await kernel.RunAsync($"#!lab down --lab {Lab}")).LastHtml().Should().Contain("is down");
            await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);
        }

        // And a command on the lab that is down says to run #!lab up, in one line
        (await kernel.RunAsync("#!k8s connect --lab")).Failure().Should().BeNull();
        (await kernel.RunAsync("#!k8s get pods")).Failure().Should().Contain("#!lab up");
        await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);
    }

    [Fact]
    public async Task probe_on_a_lab_that_is_down_is_one_line()
    {
        // Given the lab as the source, and a lab that was never brought up
        (await kernel.RunAsync("#!k8s connect --lab")).Failure().Should().BeNull();

        // When probing from it (tcp and dns)
        var tcp = await kernel.RunAsync("#!lab probe tcp backend:80 --from shop/x --lab neverup");
        var dns = await kernel.RunAsync("#!lab probe dns backend --from shop/x --lab neverup");
        await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);

        // Then one line says so (or, without root tools, what is missing)
        foreach (var result in new[] { tcp, dns })
        {
            result.Failure().Should().NotBeNull();
            result.Failure()!.Trim().Should().NotContain("\n");
        }
    }

    [Theory]
    [InlineData("#!lab up --proxy-mode ipvs", "--proxy-mode must be iptables or nftables")]
    [InlineData("#!lab probe udp x:1 --from a/b", "usage: #!lab probe tcp HOST:PORT --from NS/POD [--count N] | #!lab probe dns NAME")]
    [InlineData("#!lab probe tcp nohostport --from a/b", "is not HOST:PORT")]
    [InlineData("#!lab status --lbl x", "--lbl")]
    public async Task a_bad_option_is_one_line(string cell, string expected)
    {
        // When a #!lab cell has a mistake
        var result = await kernel.RunAsync(cell);

        // Then one line names it, and the kernel still works
        result.Failure().Should().Contain(expected);
        (await kernel.RunAsync("1 + 1")).Failure().Should().BeNull();
    }

    private static bool IsRoot() => File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
