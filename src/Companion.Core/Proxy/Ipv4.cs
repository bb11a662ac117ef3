using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>IPv4 addresses as host-order integers: parsing never throws.</summary>
internal static class Ipv4
{
    public const uint LoopbackNetwork = 0x7F000000;
    public const uint LoopbackMask = 0xFF000000;

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var parts = 0;
        uint current = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || parts == 3)
                {
                    return false;
                }

                address = (address << 8) | current;
                parts++;
                current = 0;
                digits = 0;
            }
            else if (c is >= '0' and <= '9')
            {
                current = (current * 10) + (uint)(c - '0');
                digits++;
                if (current > 255 || digits > 3)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || parts != 3)
        {
            return false;
        }

        address = (address << 8) | current;
        return true;
    }

    /// <summary>"10.0.0.0/8", "10.1.2.3" (/32) or "10.0.0.0/255.0.0.0".</summary>
    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseCidr(ReadOnlySpan<char> text, out uint network, out uint mask)
    {
        network = 0;
        mask = 0xFFFFFFFF;
        var slash = text.IndexOf('/');
        var addressPart = slash < 0 ? text : text[..slash];
        if (!TryParse(addressPart, out var address))
        {
            return false;
        }

        if (slash >= 0)
        {
            var maskPart = text[(slash + 1)..];
            if (int.TryParse(maskPart, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits is >= 0 and <= 32)
            {
                mask = bits == 0 ? 0 : 0xFFFFFFFF << (32 - bits);
            }
            else if (!TryParse(maskPart, out mask))
            {
                return false;
            }
        }

        network = address & mask;
        return true;
    }

    public static bool IsLoopback(uint address) => (address & LoopbackMask) == LoopbackNetwork;

    public static string Format(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");
}
