using System.Diagnostics;

namespace Companion.Cluster.Tests.Dns;

/// <summary>Runs a process with a hard timeout (killed with its children when it expires), capturing its output. Linked into the Cli and Interactive tests.</summary>
public static class TestProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Task<Outcome> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(file, args, timeout, null, cancellationToken);

    /// <summary>As above; <paramref name="environment"/> adds to (or overrides) this process's variables.</summary>
    public static async Task<Outcome> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        return await RunAsync(psi, timeout, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="psi"/> (its output redirected here) to its end. At <paramref name="timeout"/> the process and
    /// its children are killed and a <see cref="TimeoutException"/> names the command; when the caller's token ends it
    /// first, they are killed and the cancellation is rethrown.
    /// </summary>
    public static async Task<Outcome> RunAsync(ProcessStartInfo psi, TimeSpan timeout, CancellationToken cancellationToken)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {psi.FileName}");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return new Outcome(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout}");
        }
    }

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("EUID") == "0" || GetEuid() == 0;

    public static bool Exists(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(dir => File.Exists(Path.Combine(dir, file)));

    private static uint GetEuid()
    {
        try
        {
            var status = File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = status?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 2 } ? uint.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) : uint.MaxValue;
        }
        catch (IOException)
        {
            return uint.MaxValue;
        }
    }
}
