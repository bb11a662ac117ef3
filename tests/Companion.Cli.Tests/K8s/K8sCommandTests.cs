using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Companion.Cluster.Tests.ApiServer;

namespace Companion.Cli.Tests.K8s;

public static class K8sCommandTests
{
    private static string Recording => LiveServerFixture.RecordingDirectory;

    public sealed class FromTheRecording
    {
        [Fact]
        public async Task get_pods_json_lists_the_recorded_pods_and_names_the_source()
        {
            // When
            var (exit, stdout, stderr) = await CliRun.RunAsync("k8s", "get", "pods", "-n", "demo", "--recording", Recording, "--json");

            // Then
            exit.Should().Be(0, stderr);
            var json = JsonNode.Parse(stdout)!;
            json["source"]!.GetValue<string>().Should().Be("recorded 2026-11-30 06:00 UTC (demo-iptables)");
            json["items"]!.AsArray().Select(p => p!["namespace"]!.GetValue<string>()).Should().HaveCount(5).And.AllBe("demo");
        }

        [Fact]
        public async Task get_services_text_shows_endpoint_conditions()
        {
            // When
            var (exit, stdout, _) = await CliRun.RunAsync("k8s", "get", "services", "-l", "app=web", "--recording", Recording);

            // Then
            exit.Should().Be(0);
            stdout.Should().Contain("web").And.Contain("3 ready, 0 serving-terminating, 0 not ready").And.Contain("recorded 2026-11-30");
        }

        [Fact]
        public async Task describe_service_html_has_a_table_per_step_of_the_walk()
        {
            // When
            var (exit, stdout, _) = await CliRun.RunAsync("k8s", "describe", "service", "demo/web", "--recording", Recording, "--html");

            // Then
            exit.Should().Be(0);
            Regex.Matches(stdout, "<caption>([^<]*)</caption>").Select(m => m.Groups[1].Value).Should().Equal("endpoint slices (3)", "pods (3)", "nodes (2)");
        }

        [Fact]
        public async Task proxy_mode_reports_the_configmap_evidence()
        {
            // When
            var (exit, stdout, _) = await CliRun.RunAsync("k8s", "proxy-mode", "--recording", Recording, "--json");

            // Then
            exit.Should().Be(0);
            JsonNode.Parse(stdout)!["mode"]!.GetValue<string>().Should().Be("Iptables");
        }

        [Fact]
        public async Task dns_config_prints_the_resolv_conf_kubelet_writes()
        {
            // Given
            var pods = JsonNode.Parse((await CliRun.RunAsync("k8s", "get", "pods", "-n", "demo", "-l", "app=frontend", "--recording", Recording, "--json")).Out)!;
            var pod = pods["items"]![0]!["name"]!.GetValue<string>();

            // When
            var (exit, stdout, _) = await CliRun.RunAsync("k8s", "dns-config", pod, "-n", "demo", "--recording", Recording, "--json");

            // Then
            exit.Should().Be(0);
            JsonNode.Parse(stdout)!["resolvConf"]!.GetValue<string>().Should().StartWith("nameserver 10.96.0.10\nsearch demo.svc.cluster.local svc.cluster.local cluster.local");
        }

        [Theory]
        [InlineData("k8s get pods --recording /nonexistent/rec", "companion: recording file /nonexistent/rec: directory not found")]
        [InlineData("k8s describe service nope --recording REC", "companion: service default/nope not found (recorded 2026-11-30 06:00 UTC (demo-iptables))")]
        [InlineData("k8s get pods -l a=b=c --recording REC", "companion: invalid label selector term 'a=b=c'")]
        public async Task a_failure_is_one_line_on_stderr_and_a_non_zero_exit(string command, string expected)
        {
            // When
            var (exit, stdout, stderr) = await CliRun.RunAsync(command.Replace("REC", Recording, StringComparison.Ordinal).Split(' '));

            // Then
            exit.Should().NotBe(0);
            stdout.Should().BeEmpty();
            stderr.Should().Be(expected + Environment.NewLine);
        }
    }
}
