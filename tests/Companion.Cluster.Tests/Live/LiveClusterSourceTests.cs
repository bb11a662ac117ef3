using System.Text.Json;
using System.Text.Json.Nodes;
using Companion.Cluster.Live;
using Companion.Cluster.Recording;
using Companion.Cluster.Tests.ApiServer;
using Companion.Cluster.Tests.Dns;

namespace Companion.Cluster.Tests.Live;

public static class LiveClusterSourceTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static LiveClusterSource Connect(LiveServerFixture fixture, string? context = null, Action<string, string>? observer = null, int timeoutMs = 5000) =>
        LiveClusterSource.Connect(new LiveClusterOptions
        {
            KubeconfigPath = fixture.Kubeconfig.Path,
            Context = context,
            RequestObserver = observer,
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
        });

    public sealed class Reading(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
    {
        [Fact]
        public async Task maps_the_live_answers_exactly_like_the_recording_of_the_same_json()
        {
            // Given
            using var live = Connect(fixture);
            var recorded = new RecordedClusterSource(new DirectoryInfo(LiveServerFixture.RecordingDirectory));

            // When
            var fromLive = await live.GetSnapshotAsync(null, TestContext.Current.CancellationToken);
            var fromRecording = await recorded.GetSnapshotAsync(null, TestContext.Current.CancellationToken);

            // Then
            fromLive.Source.Describe().Should().Be("live: fake");
            fromLive.Pods.Should().HaveCount(9);
            JsonSerializer.Serialize(fromLive with { Source = fromRecording.Source }, Json)
                .Should().Be(JsonSerializer.Serialize(fromRecording, Json));
        }

        [Fact]
        public async Task a_namespace_reads_namespaced_lists_and_only_that_namespace()
        {
            // Given
            var seen = new List<string>();
            using var live = Connect(fixture, observer: (method, path) => { lock (seen) { seen.Add($"{method} {path}"); } });

            // When
            var snapshot = await live.GetSnapshotAsync("demo", TestContext.Current.CancellationToken);

            // Then
            snapshot.Pods.Select(p => p.Namespace).Should().AllBe("demo").And.HaveCount(5);
            seen.Should().Contain("GET /api/v1/namespaces/demo/pods").And.Contain("GET /apis/discovery.k8s.io/v1/namespaces/demo/endpointslices");
            seen.Should().OnlyContain(s => s.StartsWith("GET ", StringComparison.Ordinal));
        }

        [Fact]
        public async Task without_allow_changes_a_node_dump_is_null_and_nothing_is_sent()
        {
            // Given
            var seen = new List<string>();
            using var live = Connect(fixture, observer: (method, path) => seen.Add($"{method} {path}"));

            // When
            var dump = await live.GetNodeDumpAsync("node-a", TestContext.Current.CancellationToken);

            // Then
            dump.Should().BeNull();
            seen.Should().BeEmpty();
        }

        [Fact]
        public void the_node_dump_dry_run_shows_the_exact_privileged_pod()
        {
            // When
            var text = LiveClusterSource.DescribeNodeDump("node-b");

            // Then
            text.Should().StartWith("would create (and delete afterwards) pod kube-system/companion-node-dump-");
            var pod = JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!;
            pod["spec"]!["nodeName"]!.GetValue<string>().Should().Be("node-b");
            pod["spec"]!["hostNetwork"]!.GetValue<bool>().Should().BeTrue();
            pod["spec"]!["containers"]![0]!["securityContext"]!["privileged"]!.GetValue<bool>().Should().BeTrue();
        }
    }

    public sealed class Kubectl(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
    {
        [Fact]
        public async Task the_real_kubectl_accepts_the_test_server_and_lists_the_same_pods()
        {
            // Given
            Assert.SkipUnless(File.Exists("/usr/bin/kubectl"), "kubectl is not installed (scripts/setup.sh installs it)");
            var cache = Directory.CreateTempSubdirectory("companion-kubectl-cache-");
            try
            {
                // When
                var output = await RunAsync("/usr/bin/kubectl", ["--kubeconfig", fixture.Kubeconfig.Path, "--cache-dir", cache.FullName,
                    "--request-timeout=10s", "get", "pods", "-A", "-o", "json"]);

                // Then
                var kubectl = JsonNode.Parse(output)!["items"]!.AsArray().Select(i => i!["metadata"]!["uid"]!.GetValue<string>()).ToList();
                var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(LiveServerFixture.RecordingDirectory, "pods.json")))!["items"]!
                    .AsArray().Select(i => i!["metadata"]!["uid"]!.GetValue<string>()).ToList();
                kubectl.Should().HaveCount(9).And.BeEquivalentTo(recorded);
            }
            finally
            {
                cache.Delete(recursive: true);
            }
        }

        private static async Task<string> RunAsync(string file, string[] args)
        {
            var run = await TestProcess.RunAsync(file, args, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            run.ExitCode.Should().Be(0, run.Stderr);
            return run.Stdout;
        }
    }
}
