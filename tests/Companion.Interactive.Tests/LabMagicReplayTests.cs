namespace Companion.Interactive.Tests;

/// <summary>
/// #!lab on the shipped lab-default recording (no root): measuring subcommands replay the recorded measurement of the same
/// command, labelled with its date and recording; what was never recorded, and what would change the lab, is one displayed
/// line (the cell does not fail); mistakes fail in one line and the next cell works. Every option's binding shows in the
/// canonical command the "not recorded" line names.
/// </summary>
[Collection(PackedKernelCollection.Name)]
public sealed class LabMagicReplayTests(PackedKernel kernel) : IAsyncLifetime
{
    private static string LabDefault => Path.Combine(RepoPaths.Root, "notebooks", "recordings", "lab-default");

    public async ValueTask InitializeAsync() =>
        (await kernel.RunAsync($"#!k8s connect --recording {LabDefault}")).Failure().Should().BeNull();

    public async ValueTask DisposeAsync() => await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);

    [Theory]
    [InlineData("#!lab probe dns backend --from shop/frontend-0 --count 20", "dns-short", "companion lab probe dns backend --from shop/frontend-0 --count 20 --json")]
    [InlineData("#!lab probe dns backend.shop.svc.cluster.local. --count 20 --from shop/frontend-0", "dns-trailing-dot", "backend.shop.svc.cluster.local.")]
    [InlineData("#!lab probe tcp backend:80 --from shop/frontend-0 --count 300", "tcp-backend", "companion lab probe tcp backend:80")]
    [InlineData("#!lab probe dns backend --from shop/frontend-0 --count 3 --recorded dns-stall-use-vc", "dns-stall-use-vc", "resolv.conf options: use-vc")]
    [InlineData("#!lab probe tcp backend:80 --from shop/frontend-0 --count 30 --timeout-ms 4000", "tcp-backend-loss-15", "fault loss 15 %")]
    public async Task a_recorded_measurement_is_shown_with_its_date_and_recording(string cell, string name, string expected)
    {
        // When
        var result = await kernel.RunAsync(cell);

        // Then the recorded result is displayed, labelled, with a chart of its samples
        result.Failure().Should().BeNull();
        var html = result.LastHtml();
        var label = KernelResults.Parse(html).QuerySelector(".companion-replay-label")!.TextContent;
        label.Should().StartWith("recorded 20").And.Contain($" UTC from lab-default ({name}:").And.Contain(expected);
        KernelResults.Parse(html).QuerySelectorAll(".companion-plot").Should().HaveCount(1);
        result.Values("text/plain").Should().ContainSingle().Which.Should().StartWith(label);
    }

    [Fact]
    public async Task several_recordings_of_one_request_show_the_first_and_name_the_others()
    {
        // When backend:80 (recorded with 300 connects, with 30 under a loss fault, and 100 per kube-proxy mode) is asked with another count
        var result = await kernel.RunAsync("#!lab probe tcp backend:80 --from shop/frontend-0 --count 50");

        // Then the one without a fault is shown, says its sample size differs, and the other is named
        result.Failure().Should().BeNull();
        var label = KernelResults.Parse(result.LastHtml()).QuerySelector(".companion-replay-label")!.TextContent;
        label.Should().Contain("(tcp-backend:").And.Contain("another sample size").And.Contain("tcp-backend-loss-15, tcp-backend-mode-iptables, tcp-backend-mode-nftables (choose with --recorded NAME)");
    }

    [Theory]
    [InlineData("#!lab trace backend:80 --from shop/frontend-0", "trace-backend", "KUBE-SVC-")]
    [InlineData("#!lab capture --pod shop/frontend-0 --filter \"udp port 53\" --count 40 --lookup backend", "capture-dns-stall", "A backend.shop.svc.cluster.local.")]
    public async Task a_recorded_trace_or_capture_is_shown_as_its_table(string cell, string name, string expected)
    {
        // When
        var result = await kernel.RunAsync(cell);

        // Then
        result.Failure().Should().BeNull();
        var html = KernelResults.Parse(result.LastHtml());
        html.QuerySelector(".companion-replay-label")!.TextContent.Should().Contain($"from lab-default ({name}:");
        html.QuerySelector(".companion-replay-rows")!.TextContent.Should().Contain(expected);
    }

    [Theory]
    [InlineData("#!lab trace web:8080 --from shop/frontend-0", "#!lab trace web:8080 --from shop/frontend-0")]
    [InlineData("#!lab capture --pod shop/frontend-0 --iface eth1 --count 7 --seconds 3 --filter \"udp port 53\" --lookup backend --out /tmp/x.pcap",
        "#!lab capture --count 7 --filter \"udp port 53\" --iface eth1 --lookup backend --pod shop/frontend-0 --seconds 3")]
    [InlineData("#!lab capture --node node-1", "#!lab capture --count 100 --node node-1 --seconds 10")]
    [InlineData("#!lab scale --services 5 --samples 6", "#!lab scale --samples 6 --services 5")]
    [InlineData("#!lab probe tcp web:8080 --from shop/frontend-0 --count 4 --timeout-ms 300", "#!lab probe tcp web:8080 --count 4 --from shop/frontend-0 --timeout-ms 300")]
    [InlineData("#!lab probe dns nosuch --from shop/frontend-0 --count 2", "#!lab probe dns nosuch --count 2 --from shop/frontend-0")]
    public async Task what_was_never_recorded_is_one_line_naming_what_to_run(string cell, string canonical)
    {
        // When
        var result = await kernel.RunAsync(cell);

        // Then the cell does not fail; one line says the recording lacks it and what to run on the lab (every option bound)
        result.Failure().Should().BeNull();
        var text = result.Values("text/plain").Should().ContainSingle().Subject;
        text.Should().StartWith("lab-default has no measurement of this command: it needs the lab.").And.Contain($"`{canonical}`").And.NotContain("\n");
    }

    [Fact]
    public async Task a_recorded_name_that_does_not_exist_is_one_line_too()
    {
        // When
        var result = await kernel.RunAsync("#!lab probe dns backend --from shop/frontend-0 --recorded nothing-like-it");

        // Then
        result.Failure().Should().BeNull();
        result.Values("text/plain").Should().ContainSingle().Which.Should().StartWith("lab-default has no measurement called nothing-like-it");
    }

    [Theory]
    [InlineData("#!lab up --proxy-mode nftables", "#!lab up")]
    [InlineData("#!lab down", "#!lab down")]
    [InlineData("#!lab fault add loss --percent 30 --all-traffic", "#!lab fault add")]
    [InlineData("#!lab fault clear", "#!lab fault clear")]
    [InlineData("#!lab resolv-options single-request-reopen timeout:1 --pod shop/frontend-0", "#!lab resolv-options")]
    public async Task a_command_that_changes_the_lab_is_one_displayed_line(string cell, string what)
    {
        // When
        var result = await kernel.RunAsync(cell);

        // Then
        result.Failure().Should().BeNull();
        result.Values("text/plain").Should().ContainSingle().Which.Should().StartWith("no lab on this source (recorded").And.Contain(what).And.NotContain("\n");
    }

    [Theory]
    [InlineData("#!lab fault add nosuch", "unknown fault 'nosuch'")]
    [InlineData("#!lab fault remove", "usage: #!lab fault add")]
    [InlineData("#!lab capture --pod a/b --node n", "--pod NAMESPACE/POD or --node NODE")]
    [InlineData("#!lab capture --node n --lookup backend", "--lookup NAME needs --pod")]
    [InlineData("#!lab capture --pod a/b --seconds 0", "--seconds must be between 0 and 600")]
    [InlineData("#!lab scale --servics 3", "unknown option --servics")]
    [InlineData("#!lab scale --services -1", "--services must be 0-20000")]
    [InlineData("#!lab probe dns backend --from a/b --count 0", "--count must be between 1 and 10000")]
    [InlineData("#!lab probe dns backend", "--from NS/POD is required")]
    [InlineData("#!lab trace backend --from a/b", "'backend' is not HOST:PORT")]
    [InlineData("#!lab resolv-options use-vc", "--pod NS/POD is required")]
    public async Task a_mistake_fails_in_one_line_and_the_next_cell_works(string cell, string expected)
    {
        // When
        var result = await kernel.RunAsync(cell);

        // Then
        result.Failure().Should().Contain(expected).And.NotContain("\n");
        (await kernel.RunAsync("1 + 1")).Failure().Should().BeNull();
    }

    [Theory]
    [InlineData("probe", "--recorded")]
    [InlineData("fault", "--all-traffic")]
    [InlineData("resolv-options", "--pod")]
    [InlineData("capture", "--lookup")]
    [InlineData("trace", "--from")]
    [InlineData("scale", "--samples")]
    public async Task help_lists_the_options_without_running_anything(string sub, string option)
    {
        // When
        var result = await kernel.RunAsync($"#!lab {sub} --help");

        // Then
        result.Failure().Should().BeNull();
        result.Values("text/plain").Should().ContainSingle().Which.Should().StartWith($"#!lab {sub}").And.Contain(option);
    }
}
