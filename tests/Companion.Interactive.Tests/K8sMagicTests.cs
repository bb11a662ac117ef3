using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>#!k8s through the packed extension, against the shipped recording (no root, no cluster needed).</summary>
public static class K8sMagicTests
{
    [Collection(PackedKernelCollection.Name)]
    public sealed class Recording(PackedKernel kernel)
    {
        [Fact]
        public async Task connect_names_the_recording_and_its_capture_date()
        {
            // Given the shipped recording
            // When connecting to it
            var result = await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);

            // Then the output names it as recorded, with its date and scenario
            result.Failure().Should().BeNull();
            result.LastHtml().Should().Contain("recorded 2026-11-30").And.Contain("demo-iptables");
        }

        [Theory]
        [InlineData("pods", "web-c9cdlbfdns-2c5v4")]
        [InlineData("services", "kube-dns")]
        [InlineData("endpointslices", "web-")]
        [InlineData("nodes", "node-b")]
        public async Task get_lists_each_kind_and_names_the_source(string kind, string expected)
        {
            // Given the recording is the source
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When listing a kind
            var result = await kernel.RunAsync($"#!k8s get {kind}");

            // Then the table holds the expected object and says where the data came from
            result.Failure().Should().BeNull();
            var html = result.LastHtml();
            html.Should().Contain(expected).And.Contain("recorded 2026-11-30");
            result.Values("text/plain").Should().ContainSingle(t => t.Contains(expected, StringComparison.Ordinal) && t.Contains("recorded 2026-11-30", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("#!k8s get pods --namespace kube-system")]
        [InlineData("#!k8s get pods -n kube-system")]
        public async Task namespace_binds_in_long_and_short_form(string cell)
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When listing pods of kube-system
            var html = (await kernel.RunAsync(cell)).LastHtml();

            // Then coredns is there and the demo pods are not
            html.Should().Contain("coredns-").And.NotContain("web-c9cdlbfdns");
        }

        [Theory]
        [InlineData("#!k8s get pods --selector app=web")]
        [InlineData("#!k8s get pods -l app=web")]
        public async Task selector_binds_in_long_and_short_form(string cell)
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When selecting app=web
            var html = (await kernel.RunAsync(cell)).LastHtml();

            // Then only web pods are listed
            html.Should().Contain("web-c9cdlbfdns-2zzvr").And.NotContain("database-").And.NotContain("coredns-");
        }

        [Fact]
        public async Task describe_service_walks_to_the_pods_and_nodes()
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When describing demo/web (two words: service NAME, namespace from -n)
            var result = await kernel.RunAsync("#!k8s describe service web -n demo");

            // Then its three pods on both nodes are named
            result.Failure().Should().BeNull();
            var html = result.LastHtml();
            html.Should().Contain("web-c9cdlbfdns-2c5v4").And.Contain("web-c9cdlbfdns-2zzvr").And.Contain("node-b");
        }

        [Fact]
        public async Task connect_namespace_becomes_the_default_of_later_commands()
        {
            // Given a connect with --namespace demo
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording + " --namespace demo")).LastHtml().Should().Contain("namespace demo");

            // When describing web without a namespace
            var result = await kernel.RunAsync("#!k8s describe service web");

            // Then demo/web is found
            result.Failure().Should().BeNull();
            result.LastHtml().Should().Contain("web-c9cdlbfdns-s9bkx");
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();
        }

        [Fact]
        public async Task proxy_mode_shows_the_detected_mode()
        {
            // Given the recording of an iptables cluster
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When asking for the proxy mode
            var html = (await kernel.RunAsync("#!k8s proxy-mode")).LastHtml();

            // Then it is iptables
            html.Should().Contain("iptables");
        }

        [Fact]
        public async Task dns_config_of_a_pod_shows_the_kubelet_resolv_conf()
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When asking for a demo pod's DNS config
            var result = await kernel.RunAsync("#!k8s dns-config demo/web-c9cdlbfdns-2c5v4");

            // Then the search list of its namespace and the kube-dns IP are shown
            result.Failure().Should().BeNull();
            result.LastHtml().Should().Contain("demo.svc.cluster.local").And.Contain("10.96.0.10");
        }

        [Fact]
        public async Task results_are_objects_a_csharp_cell_can_use()
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When a C# cell reads the services through the same library call
            var result = await kernel.RunAsync("""
                var source = Companion.Interactive.CompanionExtension.Services!.RequireSource();
                (await source.GetSnapshotAsync("demo", default)).Services.Count
                """);

            // Then it sees the recording's demo services
            result.Failure().Should().BeNull();
            result.Events.OfType<ReturnValueProduced>().Single().Value.Should().Be(3);
        }
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Failures(PackedKernel kernel)
    {
        [Theory]
        [InlineData("#!k8s get pods --namespce demo", "--namespce")]
        [InlineData("#!k8s get widgets", "pods, services, endpointslices or nodes")]
        [InlineData("#!k8s get pods -l 'app in ('", "selector")]
        [InlineData("#!k8s describe service nosuch -n demo", "service demo/nosuch not found")]
        [InlineData("#!k8s dns-config demo/nosuch", "pod demo/nosuch not found")]
        [InlineData("#!k8s connect --recording /nonexistent/recording", "directory not found")]
        [InlineData("#!k8s connect --timeout-ms 0", "--timeout-ms")]
        public async Task a_mistake_fails_the_cell_with_one_line_and_the_kernel_stays_usable(string cell, string expected)
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When a cell has a mistake
            var result = await kernel.RunAsync(cell);

            // Then it fails with one line naming it
            result.Failure().Should().NotBeNull().And.Contain(expected);
            result.Failure()!.Trim().Should().NotContain("\n");

            // And the kernel still works, with the same source
            (await kernel.RunAsync("#!k8s get nodes")).LastHtml().Should().Contain("node-a");
        }

        [Fact]
        public async Task an_unreachable_cluster_is_one_line_with_no_secret_anywhere()
        {
            // Given a kubeconfig with canary credentials whose API server port is closed
            var path = ClusterMagicFixture.WriteKubeconfig(ClusterMagicFixture.ClosedPort());
            var events = new List<KernelEvent>();
            using var subscription = kernel.Kernel.KernelEvents.Subscribe(events.Add);
            try
            {
                // When connecting and listing pods
                var connect = await kernel.RunAsync($"#!k8s connect --kubeconfig {path} --timeout-ms 2000");
                var get = await kernel.RunAsync("#!k8s get pods");
                var proxy = await kernel.RunAsync("#!k8s proxy-mode");

                // Then connect names the live context, and reading fails with one line naming the unreachable server
                connect.Failure().Should().BeNull();
                connect.LastHtml().Should().Contain("live: canary").And.Contain("namespace demo");
                get.Failure().Should().Contain("unreachable").And.Contain("127.0.0.1");
                get.Failure()!.Trim().Should().NotContain("\n");
                proxy.Failure().Should().Contain("unreachable");

                // And no output of any kind carries a canary secret
                var all = string.Join("\n", events.SelectMany(Texts));
                all.Should().NotContain(ClusterMagicFixture.CanaryToken).And.NotContain(ClusterMagicFixture.CanaryPassword);
            }
            finally
            {
                File.Delete(path);
                await kernel.RunAsync(ClusterMagicFixture.ConnectRecording);
            }

            // And the kernel still runs C#
            (await kernel.RunAsync("1 + 1")).Events.OfType<ReturnValueProduced>().Single().Value.Should().Be(2);
        }

        private static IEnumerable<string> Texts(KernelEvent e) => e switch
        {
            DisplayEvent d => d.FormattedValues.Select(v => v.Value),
            CommandFailed f => [f.Message],
            DiagnosticsProduced p => p.Diagnostics.Select(x => x.Message),
            _ => [],
        };
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Help(PackedKernel kernel)
    {
        [Theory]
        [InlineData("#!k8s connect --help", "--recording")]
        [InlineData("#!k8s get --help", "--selector")]
        [InlineData("#!k8s describe --help", "--namespace")]
        [InlineData("#!k8s proxy-mode --help", "proxy")]
        [InlineData("#!k8s dns-config --help", "resolv.conf")]
        [InlineData("#!trace service --help", "--from")]
        [InlineData("#!trace packet --help", "--dport")]
        [InlineData("#!lab up --help", "--proxy-mode")]
        [InlineData("#!lab probe --help", "--count")]
        public async Task help_lists_the_options(string cell, string expected)
        {
            // Given a user who types --help
            // When the magic runs
            var result = await kernel.RunAsync(cell);

            // Then it shows the options and nothing failed
            result.Failure().Should().BeNull();
            result.Values("text/plain").Should().ContainSingle(t => t.Contains(expected, StringComparison.Ordinal));
        }
    }
}
