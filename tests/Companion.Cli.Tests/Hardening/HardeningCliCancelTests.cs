using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Companion.Cli.Tests.Hardening;

/// <summary>
/// Issue 8 for the CLI: a DNS server that never answers (a bound UDP socket that reads nothing). Each query ends at its
/// timeout with a timeout outcome, and Ctrl+C (the command's cancellation token) stops a long run at once, in one line with
/// exit code 130. The bound is one per-query timeout: without cancellation the run would last 1000 x 5 s.
/// </summary>
public sealed class HardeningCliCancelTests : IDisposable
{
    private readonly Socket _silent = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public HardeningCliCancelTests() => _silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    private int Port => ((IPEndPoint)_silent.LocalEndPoint!).Port;

    public void Dispose() => _silent.Dispose();

    [Fact]
    public async Task a_silent_dns_server_gives_a_timeout_outcome_per_query()
    {
        // Given a server that never answers
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When one lookup with a 300 ms timeout is probed
        var exit = await CompanionCli.RunAsync(
            ["dns", "probe", "x.test", "--server", $"127.0.0.1:{Port}", "--search", "a.test", "--ndots", "1", "--timeout-ms", "300", "--json"],
            stdout, stderr, TestContext.Current.CancellationToken);

        // Then the run ends with every query timed out, not a hang or a crash
        (stdout + stderr.ToString()).Should().MatchRegex("(?i)timeout|timed out");
        stderr.ToString().Should().NotContain("   at ");
        exit.Should().BeOneOf(0, 1);
    }

    [Fact]
    public async Task ctrl_c_stops_a_long_probe_at_once_with_one_line()
    {
        // Given 1000 lookups of 5 s each against the silent server
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = CompanionCli.RunAsync(
            ["dns", "probe", "x.test", "--server", $"127.0.0.1:{Port}", "--count", "1000", "--timeout-ms", "5000"],
            stdout, stderr, ctrlC.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        run.IsCompleted.Should().BeFalse("the probe must still be waiting for its silent server");

        // When Ctrl+C arrives
        var clock = Stopwatch.StartNew();
        await ctrlC.CancelAsync();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        clock.Stop();
        TestContext.Current.SendDiagnosticMessage($"dns probe: Ctrl+C -> exit in {clock.ElapsedMilliseconds} ms");

        // Then it exits within one query timeout, with 130 and one line
        finished.Should().BeSameAs(run, $"the probe must stop on Ctrl+C (waited {clock.ElapsedMilliseconds} ms)");
        (await run).Should().Be(130, stderr.ToString());
        stderr.ToString().Trim().Should().Be("companion: cancelled");
    }
}
