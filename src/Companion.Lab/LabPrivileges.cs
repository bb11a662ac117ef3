using System.Globalization;

namespace Companion.Lab;

/// <summary>Checks, without changing anything, whether this process can build a lab; says what is missing in one line.</summary>
public static class LabPrivileges
{
    private const int CapNetAdmin = 12;
    private const int CapSysAdmin = 21;

    /// <summary>Null when the lab can run; otherwise one line naming what is missing.</summary>
    public static string? Missing(bool nftables)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the lab needs Linux network namespaces; this is not Linux. Use a recording instead.";
        }

        if (!HasCapabilities())
        {
            return "the lab needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces; run it with sudo, or use a recording.";
        }

        var tools = new[] { "ip", "dnsmasq", "python3", nftables ? "nft" : "iptables-restore" };
        var missing = tools.Where(t => LabTools.Find(t) is null).ToList();
        return missing.Count == 0 ? null : $"the lab needs {string.Join(", ", missing)} on PATH; install them with scripts/setup.sh.";
    }

    public static bool IsRoot() => OperatingSystem.IsLinux() && HasCapabilities();

    private static bool HasCapabilities()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            if (line is null || !ulong.TryParse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps))
            {
                return false;
            }

            return (caps & (1UL << CapNetAdmin)) != 0 && (caps & (1UL << CapSysAdmin)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
