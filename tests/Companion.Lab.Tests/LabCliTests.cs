using System.Text.Json;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabCliTests(SharedLabFixture lab) : IClassFixture<SharedLabFixture>
{
    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => LabCli.RunAsync(args);

    [Fact]
    public async Task status_json_of_a_lab_that_is_not_up_is_down_with_empty_lists()
    {
        // Given
        var name = LabRoot.UniqueName();

        // When
        var (exit, output, _) = await RunAsync("lab", "status", "--name", name, "--json");

        // Then
        exit.Should().Be(0);
        output.Trim().Should().Be("{\"up\":false,\"proxyMode\":null,\"nodes\":[],\"pods\":[],\"services\":[]}");
    }

    [Fact]
    public async Task status_json_lists_nodes_pods_and_services_with_their_cluster_ips()
    {
        // Given
        var t = lab.Require();

        // When
        var (exit, output, _) = await RunAsync("lab", "status", "--name", lab.Name, "--json");

        // Then
        exit.Should().Be(0);
        var doc = JsonDocument.Parse(output).RootElement;
        doc.GetProperty("up").GetBoolean().Should().BeTrue();
        doc.GetProperty("proxyMode").GetString().Should().Be("iptables");
        doc.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().Equal(t.Nodes.Select(n => n.Name));
        var pod = doc.GetProperty("pods").EnumerateArray().First(p => p.GetProperty("name").GetString() == "frontend-0");
        pod.GetProperty("namespace").GetString().Should().Be("shop");
        pod.GetProperty("ip").GetString().Should().Be(t.FindPod("shop/frontend-0")!.Ip);
        pod.GetProperty("node").GetString().Should().Be(t.FindPod("shop/frontend-0")!.NodeName);
        var svc = doc.GetProperty("services").EnumerateArray().First(s => s.GetProperty("name").GetString() == "kube-dns");
        svc.GetProperty("clusterIP").GetString().Should().Be(t.ClusterDnsIp);
        svc.GetProperty("ports")[0].GetProperty("protocol").GetString().Should().Be("UDP");
    }

    [Fact]
    public async Task probe_tcp_json_names_the_backend_pod_that_answered_each_connect()
    {
        // Given
        var t = lab.Require();
        var backends = t.Pods.Where(p => p.Deployment == "backend").Select(p => $"{p.Ip}:8080").ToList();

        // When
        var (exit, output, err) = await RunAsync("lab", "probe", "tcp", "backend.shop:80", "--from", "shop/frontend-0", "--name", lab.Name, "--count", "30", "--json");

        // Then
        exit.Should().Be(0, err);
        var doc = JsonDocument.Parse(output).RootElement;
        var samples = doc.GetProperty("samples").EnumerateArray().ToList();
        samples.Should().HaveCount(30);
        samples.Should().OnlyContain(s => s.GetProperty("ok").GetBoolean() && backends.Contains(s.GetProperty("endpoint").GetString()!) && s.GetProperty("ms").GetDouble() > 0);
        var summary = doc.GetProperty("summary");
        summary.GetProperty("count").GetInt32().Should().Be(30);
        summary.GetProperty("p50Ms").GetDouble().Should().BeLessThanOrEqualTo(summary.GetProperty("p99Ms").GetDouble());
        summary.GetProperty("p99Ms").GetDouble().Should().BeLessThanOrEqualTo(summary.GetProperty("maxMs").GetDouble());
    }

    [Fact]
    public async Task probe_dns_json_resolves_through_the_pods_own_resolv_conf()
    {
        // Given
        var t = lab.Require();

        // When
        var (exit, output, err) = await RunAsync("lab", "probe", "dns", "backend", "--from", "shop/frontend-0", "--name", lab.Name, "--count", "2", "--json");

        // Then: the short name expands with the pod's search list and goes to the kube-dns ClusterIP
        exit.Should().Be(0, err);
        var doc = JsonDocument.Parse(output).RootElement;
        doc.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).Should().Equal(t.Services.Single(s => s.Name == "backend").ClusterIp);
        doc.GetProperty("queries")[0].GetProperty("name").GetString().Should().Be("backend.shop.svc.cluster.local");
        doc.GetProperty("queries")[0].GetProperty("server").GetString().Should().Be(t.ClusterDnsIp);
    }

    [Theory]
    [InlineData("lab", "probe", "tcp", "no-port", "--from", "shop/frontend-0")]
    [InlineData("lab", "probe", "tcp", "backend:99999", "--from", "shop/frontend-0")]
    public async Task bad_targets_fail_with_one_line_and_usage_exit_code(params string[] args)
    {
        // Given / When
        var (exit, _, err) = await RunAsync(args);

        // Then
        exit.Should().Be(2);
        err.Trim().Should().StartWith("companion: ").And.NotContain("\n");
    }

    [Fact]
    public async Task probing_a_lab_that_is_not_up_says_so_in_one_line()
    {
        // Given
        var name = LabRoot.UniqueName();

        // When
        var (exit, _, err) = await RunAsync("lab", "probe", "tcp", "backend:80", "--from", "shop/frontend-0", "--name", name);

        // Then
        exit.Should().Be(1);
        err.Trim().Should().Be($"companion: lab {name} is not up; run `companion lab up` first.");
    }
}
