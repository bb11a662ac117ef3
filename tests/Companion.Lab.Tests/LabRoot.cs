using System.Globalization;
using Companion.Core.Lab;

namespace Companion.Lab.Tests;

/// <summary>Shared helpers for tests that build real labs: root check, unique lab names, and the "nothing left" check.</summary>
internal static class LabRoot
{
    public static void Require() =>
        Assert.SkipUnless(LabPrivileges.Missing(nftables: true) is null, "needs root and ip, dnsmasq, python3, nft, iptables-restore: " + LabPrivileges.Missing(nftables: true));

    /// <summary>A lab name no user lab uses: "lt" + 8 random characters.</summary>
    public static string UniqueName() => "lt" + Guid.NewGuid().ToString("N")[..8];

    public static Task<LabProcessResult> InNetnsAsync(string netns, params string[] command) =>
        LabProcess.RunAsync("ip", new[] { "netns", "exec", netns }.Concat(command), timeout: TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Everything `down` must have removed: namespaces, host-side links, processes, resolv.conf dirs, run dir, state file.</summary>
    public static async Task AssertNothingLeftAsync(string lab)
    {
        var prefix = LabTopologyBuilder.NetnsPrefix(lab);
        var store = new LabStateStore();
        var netns = await LabProcess.RunAsync("ip", ["netns", "list"], cancellationToken: TestContext.Current.CancellationToken);
        netns.Stdout.Should().NotContain(prefix);
        var links = await LabProcess.RunAsync("ip", ["-o", "link", "show"], cancellationToken: TestContext.Current.CancellationToken);
        links.Stdout.Should().NotContain("fab-node-");
        (Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns") : []).Should().NotContain(d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal));
        File.Exists(store.PathFor(lab)).Should().BeFalse();
        Directory.Exists(store.RunDirFor(lab)).Should().BeFalse();
        Processes(prefix, store.RunDirFor(lab)).Should().BeEmpty();
    }

    private static List<string> Processes(string prefix, string runDir)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains(prefix, StringComparison.Ordinal) || cmd.Contains(runDir + "/", StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {cmd}");
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return found;
    }
}
