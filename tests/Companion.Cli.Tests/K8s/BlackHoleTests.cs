using System.Diagnostics;

namespace Companion.Cli.Tests.K8s;

/// <summary>
/// An API server address whose packets are silently dropped: inside a network namespace the test creates, an nft rule
/// drops TCP to 127.0.0.2:6443 on the namespace's own loopback, so no packet can leave this machine. The CLI runs in that
/// namespace as a child process and must give up at its timeout with one line.
/// </summary>
public sealed class BlackHoleTests
{
    [Fact]
    public async Task a_black_holed_api_server_times_out_with_one_line()
    {
        // Given
        Assert.SkipUnless(Environment.UserName == "root" && File.Exists("/usr/sbin/nft"), "needs root and nft (network namespaces)");
        var ns = $"companion-k8sbh-{Environment.ProcessId}-{Random.Shared.Next(100000)}";
        var dir = Directory.CreateTempSubdirectory("companion-blackhole-");
        try
        {
            (await RunAsync("ip", "netns", "add", ns)).Exit.Should().Be(0);
            (await RunAsync("ip", "-n", ns, "link", "set", "lo", "up")).Exit.Should().Be(0);
            (await RunAsync("ip", "netns", "exec", ns, "nft", "add table inet companion_bh; add chain inet companion_bh out { type filter hook output priority 0 ; } ; add rule inet companion_bh out ip daddr 127.0.0.2 tcp dport 6443 counter drop")).Exit.Should().Be(0);
            var kubeconfig = Path.Combine(dir.FullName, "config");
            await File.WriteAllTextAsync(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: bh
                clusters:
                - name: bh
                  cluster: {server: "https://127.0.0.2:6443", insecure-skip-tls-verify: true}
                contexts:
                - name: bh
                  context: {cluster: bh, user: u}
                users:
                - name: u
                  user: {token: canary-blackhole-token-9d8c7b6a}
                """, TestContext.Current.CancellationToken);
            var baseDir = AppContext.BaseDirectory;
            var testName = typeof(BlackHoleTests).Assembly.GetName().Name;

            // When
            var (exit, stdout, stderr) = await RunAsync("ip", "netns", "exec", ns, "dotnet", "exec",
                "--runtimeconfig", Path.Combine(baseDir, $"{testName}.runtimeconfig.json"), "--depsfile", Path.Combine(baseDir, $"{testName}.deps.json"),
                typeof(Companion.Cli.CompanionCli).Assembly.Location, "k8s", "get", "pods", "--kubeconfig", kubeconfig, "--timeout-ms", "700");
            var (_, counters, _) = await RunAsync("ip", "netns", "exec", ns, "nft", "list", "chain", "inet", "companion_bh", "out");

            // Then
            exit.Should().Be(1, stderr);
            stdout.Should().BeEmpty();
            stderr.Trim().Should().MatchRegex(@"^companion: timed out after 700 ms: (list \S+ (at cluster scope|in namespace kube-system)|get /version) on https://127\.0\.0\.2:6443/?$");
            stderr.Should().NotContain("canary-blackhole-token");
            counters.Should().MatchRegex(@"counter packets [1-9]");
        }
        finally
        {
            await RunAsync("ip", "netns", "del", ns);
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
