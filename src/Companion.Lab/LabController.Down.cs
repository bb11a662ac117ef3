namespace Companion.Lab;

public sealed partial class LabController
{
    /// <summary>
    /// Removes everything the lab made: its processes, namespaces (and with them every veth and bridge), the pod
    /// resolv.conf files and directories it created, its run directory and its state file. Works from the state file
    /// and, as a safety net, from the netns prefix. Returns true when something was removed.
    /// </summary>
    public async Task<bool> DownAsync(string labName, IProgress<LabProgress>? progress, CancellationToken cancellationToken)
    {
        if (!Core.Lab.LabTopologyBuilder.IsValidLabName(labName))
        {
            throw new LabException($"'{labName}' is not a lab name");
        }

        var missing = LabPrivileges.Missing(nftables: false);
        if (missing is not null && !LabPrivileges.IsRoot())
        {
            throw new LabException(missing);
        }

        var state = Store.Load(labName);
        var prefix = Core.Lab.LabTopologyBuilder.NetnsPrefix(labName);
        var existing = await ListNetnsAsync(cancellationToken).ConfigureAwait(false);
        var netns = existing.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) || (state?.Netns.Contains(n) ?? false)).ToList();
        var runDir = Store.RunDirFor(labName);
        var stateFile = File.Exists(Store.PathFor(labName));
        if (state is null && netns.Count == 0 && !Directory.Exists(runDir) && !stateFile)
        {
            return false;
        }

        var ip = LabTools.Require("ip");
        progress?.Report(new LabProgress("stopping processes", 1, 4));
        await LabReaper.KillAllAsync(ip, runDir, prefix, netns, cancellationToken).ConfigureAwait(false);
        progress?.Report(new LabProgress("deleting namespaces", 2, 4));
        foreach (var ns in netns.AsEnumerable().Reverse())
        {
            var r = await LabProcess.RunAsync(ip, ["netns", "del", ns], timeout: StepTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!r.Ok && File.Exists($"/run/netns/{ns}"))
            {
                throw new LabException($"could not delete network namespace {ns}: {r.Stderr.Trim()}");
            }
        }

        progress?.Report(new LabProgress("removing files", 3, 4));
        foreach (var file in state?.Files ?? [])
        {
            File.Delete(file);
        }

        foreach (var pod in (state?.Netns ?? []).Concat(netns))
        {
            var resolv = Path.Combine("/etc/netns", pod, "resolv.conf");
            if (pod.StartsWith(prefix, StringComparison.Ordinal) && File.Exists(resolv))
            {
                File.Delete(resolv);
                DeleteIfEmpty(Path.GetDirectoryName(resolv)!);
            }
        }

        foreach (var dir in (state?.Dirs ?? []).AsEnumerable().Reverse())
        {
            if (dir == runDir)
            {
                DeleteTree(dir);
            }
            else
            {
                DeleteIfEmpty(dir);
            }
        }

        DeleteTree(runDir);
        if (File.Exists(Store.EtcNetnsMarker))
        {
            // A lab created /etc/netns: the last lab to leave removes it once it is empty (it may not be this lab).
            DeleteIfEmpty("/etc/netns");
            if (!Directory.Exists("/etc/netns"))
            {
                File.Delete(Store.EtcNetnsMarker);
            }
        }

        Store.Delete(labName);
        progress?.Report(new LabProgress("down", 4, 4));
        return true;
    }

    private static void DeleteIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
        {
            Directory.Delete(dir);
        }
    }

    private static void DeleteTree(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
