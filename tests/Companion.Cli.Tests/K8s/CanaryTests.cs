using System.Text.RegularExpressions;
using Companion.Cluster.Tests.ApiServer;
using Companion.Cluster.Tests.Dns;

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

    private const string KeyMarker = "canary-client-key-3e9b71d0";
    private const string CertMarker = "canary-client-cert-8a2c54f1";
    private const string ExecArg = "canary-exec-arg-61c0e9b2";
    private const string ExecEnv = "canary-exec-env-d47f2a83";
    private const string ExecOutput = "canary-exec-stderr-0b5e7c19";
    private const string ProxyPassword = "canary-proxy-password-f3a81c6d";

    [Theory]
    [InlineData("cert")]
    [InlineData("exec")]
    [InlineData("exec-noisy")]
    [InlineData("proxy")]
    public async Task every_kind_of_credential_fails_in_one_line_without_a_canary(string context)
    {
        // Given a kubeconfig for the fake server whose users hold canary client cert/key data, exec-plugin args, env and
        // output, and a proxy-url with a password
        var kc = WriteCredentialKubeconfig();
        string[][] commands =
        [
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", context, "--timeout-ms", "2000"],
            ["k8s", "get", "pods", "--kubeconfig", kc, "--context", context, "--timeout-ms", "2000", "--json"],
            ["k8s", "proxy-mode", "--kubeconfig", kc, "--context", context, "--timeout-ms", "2000"],
            ["record", "--kubeconfig", kc, "--context", context, "--timeout-ms", "2000", "--out", Path.Combine(_out.FullName, "rec-" + context)],
        ];

        foreach (var command in commands)
        {
            // When
            var (exit, stdout, stderr) = await CliRun.RunAsync(command);

            // Then it fails with one line on stderr (the proxy case may succeed: whether the client honours proxy-url is
            // the client's business), with no stack trace and no canary
            var all = stdout + stderr;
            if (context != "proxy")
            {
                exit.Should().NotBe(0, all);
            }

            stderr.Trim().Should().NotContain("\n").And.NotContain("   at ");
            foreach (var canary in CredentialCanaries)
            {
                all.Should().NotContain(canary);
            }
        }

        if (context != "proxy")
        {
            _out.EnumerateDirectories().Should().BeEmpty("a failed record leaves no recording");
        }
        else
        {
            string.Join("\n", _out.EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Name != "credentials-config")
                .Select(f => File.ReadAllText(f.FullName))).Should().NotContain(ProxyPassword);
        }
    }

    [Fact]
    public async Task the_default_kubeconfig_from_the_environment_leaks_nothing_either()
    {
        // Given the CLI as its own process with KUBECONFIG naming the canary kubeconfig and no --kubeconfig
        var baseDir = AppContext.BaseDirectory;
        var testName = typeof(CanaryTests).Assembly.GetName().Name;
        string[] cli = ["exec", "--runtimeconfig", Path.Combine(baseDir, $"{testName}.runtimeconfig.json"),
            "--depsfile", Path.Combine(baseDir, $"{testName}.deps.json"), typeof(CompanionCli).Assembly.Location];
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = fixture.Kubeconfig.Path };
        var outputs = new List<string>();
        var exits = new List<int>();

        // When it lists pods on the current context, then on the password and closed contexts
        foreach (var extra in (string[][])[["k8s", "get", "pods", "--timeout-ms", "30000"], ["k8s", "get", "pods", "--context", "password"], ["k8s", "get", "pods", "--context", "closed"]])
        {
            var run = await TestProcess.RunAsync("dotnet", [.. cli, .. extra], TimeSpan.FromSeconds(60), environment, TestContext.Current.CancellationToken);
            exits.Add(run.ExitCode);
            outputs.Add(run.Stdout + run.Stderr);
        }

        // Then the CLI read KUBECONFIG (the current context lists the pods; the others fail naming that server), and no
        // canary appears anywhere
        var all = string.Join("\n", outputs);
        exits.Should().Equal([0, 1, 1], all);
        outputs[0].Should().Contain("web-");
        outputs[2].Should().Contain("127.0.0.1");
        foreach (var canary in TestKubeconfig.Canaries)
        {
            all.Should().NotContain(canary);
        }
    }

    private static IReadOnlyList<string> CredentialCanaries =>
        [KeyMarker, CertMarker, ExecArg, ExecEnv, ExecOutput, ProxyPassword, Pem("PRIVATE KEY", KeyMarker), Pem("CERTIFICATE", CertMarker)];

    private static string Pem(string label, string marker) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"-----BEGIN {label}-----\n{marker}\n-----END {label}-----\n"));

    private string WriteCredentialKubeconfig()
    {
        var caData = Regex.Match(File.ReadAllText(fixture.Kubeconfig.Path), @"certificate-authority-data: (\S+)").Groups[1].Value;
        var server = fixture.Server.BaseUri.GetLeftPart(UriPartial.Authority);
        var path = Path.Combine(_out.FullName, "credentials-config");
        var cert = Pem("CERTIFICATE", CertMarker);
        var key = Pem("PRIVATE KEY", KeyMarker);
        var token = TestKubeconfig.CanaryToken;
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: cert
            clusters:
            - name: fake
              cluster:
                server: {server}
                certificate-authority-data: {caData}
            - name: proxied
              cluster:
                server: {server}
                certificate-authority-data: {caData}
                proxy-url: http://admin:{ProxyPassword}@127.0.0.1:9
            contexts:
            - name: cert
              context:
                cluster: fake
                user: cert
            - name: exec
              context:
                cluster: fake
                user: exec
            - name: exec-noisy
              context:
                cluster: fake
                user: exec-noisy
            - name: proxy
              context:
                cluster: proxied
                user: token
            users:
            - name: cert
              user:
                client-certificate-data: {cert}
                client-key-data: {key}
            - name: exec
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/false
                  args:
                  - --token={ExecArg}
                  env:
                  - name: SECRET
                    value: {ExecEnv}
                  interactiveMode: Never
            - name: exec-noisy
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args:
                  - -c
                  - echo token {ExecOutput} >&2; echo {ExecOutput}; exit 1
                  interactiveMode: Never
            - name: token
              user:
                token: {token}
            """);
        return path;
    }
}
