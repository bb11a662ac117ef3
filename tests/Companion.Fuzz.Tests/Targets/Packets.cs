using System.Text.RegularExpressions;
using Companion.Core.Proxy;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>Packets to trace through a fuzzed rule set: aimed at addresses and ports that occur in it, so traces go deep.</summary>
internal static partial class Packets
{
    public static IEnumerable<PacketSpec> For(string rules)
    {
        var ip = IpRegex().Matches(rules).Select(m => m.Value).FirstOrDefault(v => v != "0.0.0.0") ?? "10.96.0.10";
        var port = PortRegex().Match(rules) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var p) ? p : 80;
        yield return new PacketSpec("10.244.1.5", ip, "tcp", port);
        yield return new PacketSpec("127.0.0.1", ip, "udp", port, PacketEntry.Local, ["192.168.50.2"]);
        yield return new PacketSpec("203.0.113.7", "192.168.50.2", "tcp", 30080, PacketEntry.Network, ["192.168.50.2"]);
    }

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex IpRegex();

    [GeneratedRegex(@"(?:dport|:)\s?(\d{1,5})\b")]
    private static partial Regex PortRegex();
}
