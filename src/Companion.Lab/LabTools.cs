namespace Companion.Lab;

/// <summary>Finds the system tools the lab runs (ip, dnsmasq, python3, nft, iptables-restore, tcpdump, conntrack).</summary>
public static class LabTools
{
    private static readonly string[] SystemDirs = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of a tool; system directories first (so a pyenv shim does not shadow /usr/bin/python3).</summary>
    public static string? Find(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return SystemDirs.Concat(path).Select(d => System.IO.Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }

    public static string Require(string tool) => Find(tool) ?? throw new LabException($"the lab needs {tool} on PATH; install it with scripts/setup.sh.");
}
