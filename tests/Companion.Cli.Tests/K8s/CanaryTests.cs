using Companion.Cluster.Tests.ApiServer;

namespace Companion.Cli.Tests.K8s;

/// <summary>
/// Every k8s command, on success and failure paths, in text, JSON and HTML, with a kubeconfig full of canary secrets:
/// no canary may appear in stdout, stderr or any file a command writes. The server must see only GETs.
/// </summary>
public sealed class CanaryTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>, IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("companion-canary-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public async Task no_command_prints_a_token_key_or_password()
    {
        // Given
        var kc = fixture.Kubeconfig.Path;
        var pod = "web-c9cdlbfdns-2zzvr";
        string[][] commands =
        [
            ["k8s", "get", "pods", "--kubeconfig", kc],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--json"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--html"],
            ["k8s", "get", "services", "--kubeconfig", kc, "--html"],
            ["k8s", "get", "endpointslices", "--kubeconfig", kc, "--json"],
            ["k8s", "get", "nodes", "--kubeconfig", kc, "-n", "demo", "-l", "kubernetes.io/os=linux"],
            ["k8s", "describe", "service", "web", "-n", "demo", "--kubeconfig", kc, "--html"],
            ["k8s", "describe", "service", "web", "-n", "demo", "--kubeconfig", kc, "--json"],
            ["k8s", "proxy-mode", "--kubeconfig", kc],
            ["k8s", "dns-config", pod, "-n", "demo", "--kubeconfig", kc, "--json"],
            ["k8s", "dns-config", "--kubeconfig", kc, "--html"],
            ["k8s", "node-dump", "node-a", "--kubeconfig", kc],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", "expired"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", "password", "--json"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", "closed"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", "silent", "--timeout-ms", "300"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", "wrong-ca"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", "no-such-context"],
            ["record", "--kubeconfig", kc, "--out", Path.Combine(_out.FullName, "rec")],
            ["record", "--kubeconfig", kc, "--out", Path.Combine(_out.FullName, "rec")],
            ["record", "--kubeconfig", kc, "--context", "expired", "--out", Path.Combine(_out.FullName, "rec2")],
            ["record", "--kubeconfig", kc, "--node-dump", "node-a", "--out", Path.Combine(_out.FullName, "rec3")],
        ];
        var outputs = new List<string>();
        var exits = new List<int>();

        // When
        foreach (var command in commands)
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync(command);
            exits.Add(exit);
            outputs.Add($"$ {string.Join(' ', command)}\n{stdout}\n{stderr}");
        }

        fixture.Server.Forbidden["/api/v1/pods"] = "pods is forbidden";
        outputs.Add((await CliRun.RunAsync("k8s", "get", "pods", "--kubeconfig", kc)).Err);
        fixture.Server.Forbidden.Clear();
        fixture.Server.Malformed["/api/v1/pods"] = true;
        outputs.Add((await CliRun.RunAsync("k8s", "get", "pods", "--kubeconfig", kc)).Err);
        fixture.Server.Malformed.Clear();
        outputs.AddRange(_out.EnumerateFiles("*", SearchOption.AllDirectories).Select(f => File.ReadAllText(f.FullName)));

        // Then
        var all = string.Join("\n", outputs);
        exits.Take(11).Should().AllBeEquivalentTo(0, all);
        exits.Skip(11).Where((_, i) => i != 7).Should().OnlyContain(e => e != 0, string.Join(",", exits) + all);
        all.Should().Contain("live: fake").And.Contain("401 Unauthorized").And.Contain("403 Forbidden: missing permission to list pods");
        foreach (var canary in TestKubeconfig.Canaries)
        {
            all.Should().NotContain(canary);
        }

        fixture.Server.Requests.Should().OnlyContain(r => r.Method == "GET");
    }
}
