using System.Diagnostics;

namespace Companion.Interactive.Tests;

/// <summary>Runs a process to its end within a time limit (killed with its children when the limit or the test's token ends it).</summary>
internal static class BoundedProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo info, TimeSpan limit, CancellationToken ct)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
