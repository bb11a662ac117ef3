using System.Globalization;

namespace Companion.Lab;

/// <summary>
/// Finds and kills every process of a lab: the ones in its namespaces (`ip netns pids`) and the ones still on their way
/// in (a command line naming the lab's run directory or one of its namespaces), so a kill of `up` mid-launch leaks nothing.
/// </summary>
internal static class LabReaper
{
    public static async Task<int> KillAllAsync(string ip, string runDir, string netnsPrefix, IReadOnlyCollection<string> netns, CancellationToken cancellationToken)
    {
        var killed = 0;
        for (var round = 0; round < 20; round++)
        {
            var pids = new HashSet<int>();
            foreach (var ns in netns)
            {
                var r = await LabProcess.RunAsync(ip, ["netns", "pids", ns], timeout: TimeSpan.FromSeconds(5), cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    {
                        pids.Add(pid);
                    }
                }
            }

            pids.UnionWith(ByCommandLine(runDir, netnsPrefix));
            pids.Remove(Environment.ProcessId);
            if (pids.Count == 0)
            {
                return killed;
            }

            foreach (var pid in pids)
            {
                killed += Kill(pid) ? 1 : 0;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return killed;
    }

    private static IEnumerable<int> ByCommandLine(string runDir, string netnsPrefix)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.Contains(runDir + "/", StringComparison.Ordinal) || cmdline.Contains(" " + netnsPrefix, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static bool Kill(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            p.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
