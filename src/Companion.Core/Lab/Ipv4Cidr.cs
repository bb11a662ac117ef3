using System.Globalization;
using System.Net;

namespace Companion.Core.Lab;

/// <summary>An IPv4 network: the base address (host bits cleared) and the prefix length.</summary>
public readonly record struct Ipv4Cidr(uint Network, int Prefix)
{
    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || parts[0].Count(c => c == '.') != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < 0 or > 32)
        {
            return false;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        cidr = new Ipv4Cidr(ToUInt(ip) & mask, prefix);
        return true;
    }

    /// <summary>The address at this offset from the network base.</summary>
    public string At(long offset) => FromUInt((uint)(Network + offset));

    /// <summary>The i-th sub-network of the given prefix inside this one.</summary>
    public Ipv4Cidr Subnet(int index, int prefix) => new((uint)(Network + ((long)index << (32 - prefix))), prefix);

    /// <summary>How many addresses the network holds.</summary>
    public long Size => 1L << (32 - Prefix);

    public bool Contains(string address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && (ToUInt(ip) & (Prefix == 0 ? 0u : uint.MaxValue << (32 - Prefix))) == Network;

    public override string ToString() => $"{FromUInt(Network)}/{Prefix.ToString(CultureInfo.InvariantCulture)}";

    private static uint ToUInt(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string FromUInt(uint v) =>
        string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}");
}
