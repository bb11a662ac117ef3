namespace Companion.Core.Proxy;

/// <summary>
/// The walk's shortcut: a rule whose text has one plain (not negated) "-d CIDR" that does not contain the packet's
/// destination cannot match, so it is skipped without being decoded. The same test on UTF-16 text and on UTF-8 bytes.
/// </summary>
internal static class IptablesPlainDestination
{
    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool Excludes(ReadOnlySpan<char> line, uint destination)
    {
        var at = line.IndexOf(" -d ", StringComparison.Ordinal);
        if (at < 0 || at != line.LastIndexOf(" -d ", StringComparison.Ordinal) || line[..at].EndsWith(" !", StringComparison.Ordinal))
        {
            return false;
        }

        var value = line[(at + 4)..];
        var end = value.IndexOf(' ');
        value = end < 0 ? value : value[..end];
        return Ipv4.TryParseCidr(value, out var network, out var mask) && (destination & mask) != network;
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool Excludes(ReadOnlySpan<byte> line, uint destination)
    {
        var at = line.IndexOf(" -d "u8);
        if (at < 0 || at != line.LastIndexOf(" -d "u8) || line[..at].EndsWith(" !"u8))
        {
            return false;
        }

        var value = line[(at + 4)..];
        var end = value.IndexOf((byte)' ');
        value = end < 0 ? value : value[..end];
        return Ipv4.TryParseCidr(Utf8Text.Decode(value, stackalloc char[64]), out var network, out var mask) && (destination & mask) != network;
    }
}
