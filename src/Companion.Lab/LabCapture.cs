using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>
/// tcpdump inside a lab namespace, bounded by a packet count and a time limit: started with --immediate-mode (or the
/// pcap may stay empty), stopped with SIGTERM so the file is complete, and read back with <see cref="PcapReader"/>.
/// </summary>
public static partial class LabCapture
{
    public const int MaxCount = 10_000;
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>
    /// Captures in netns (null: the host's own namespace, to check that no lab traffic leaks there) on iface; runs
    /// traffic (if any) once tcpdump listens; stops at count packets or after limit.
    /// </summary>
    public static async Task<LabCaptureResult> CaptureAsync(string? netns, string iface, int count, TimeSpan limit, string pcapPath, string? filter,
        Func<CancellationToken, Task>? traffic, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxCount || limit <= TimeSpan.Zero || limit > TimeSpan.FromMinutes(10))
        {
            throw new LabException($"a capture needs 1-{MaxCount} packets and at most 10 minutes");
        }

        if (iface.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
        {
            throw new LabException($"'{iface}' is not an interface name");
        }

        var tcpdumpPath = LabTools.Require("tcpdump");
        var psi = new ProcessStartInfo(netns is null ? tcpdumpPath : LabTools.Require("ip")) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (netns is null ? Array.Empty<string>() : ["netns", "exec", netns, tcpdumpPath]).Concat(["-i", iface, "-nn", "-U", "--immediate-mode", "-Z", "root",
                     "-c", count.ToString(CultureInfo.InvariantCulture), "-w", pcapPath]).Concat(string.IsNullOrWhiteSpace(filter) ? [] : filter.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            psi.ArgumentList.Add(a);
        }

        using var tcpdump = Process.Start(psi) ?? throw new LabException("tcpdump did not start");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        tcpdump.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetResult();
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data.Contains("listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        tcpdump.BeginErrorReadLine();
        _ = tcpdump.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(limit);
            if (traffic is not null && !tcpdump.HasExited)
            {
                await traffic(cts.Token).ConfigureAwait(false);
                cts.CancelAfter(TimeSpan.FromSeconds(1)); // the traffic is over: leave one second for its last packets
            }

            try
            {
                await tcpdump.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // time limit reached: stop below
            }
        }
        finally
        {
            await StopAsync(tcpdump).ConfigureAwait(false);
        }

        if (!File.Exists(pcapPath))
        {
            lock (stderr)
            {
                throw new LabException($"tcpdump wrote no file: {stderr.ToString().ReplaceLineEndings(" ").Trim()}");
            }
        }

        var parsed = PcapReader.Read(await File.ReadAllBytesAsync(pcapPath, cancellationToken).ConfigureAwait(false), pcapPath);
        return new LabCaptureResult(pcapPath, $"{netns ?? "host"} {iface}", parsed.Value, parsed.Diagnostics);
    }

    private static async Task StopAsync(Process tcpdump)
    {
        if (tcpdump.HasExited)
        {
            return;
        }

        _ = SendSignal(tcpdump.Id, SigTerm);
        try
        {
            await tcpdump.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            tcpdump.Kill(entireProcessTree: true);
        }
    }
}
