using System.Buffers.Binary;
using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Lab;

/// <summary>
/// Reads a classic pcap file (as tcpdump -w writes it): Ethernet, Linux cooked (v1, v2) or raw IP link types; IPv4 with
/// TCP, UDP and ICMP; DNS over UDP port 53. Never throws: truncated or unknown input becomes diagnostics.
/// </summary>
public static class PcapReader
{
    public const int MaxPackets = 100_000;

    public static ParseResult<IReadOnlyList<CapturedPacket>> Read(ReadOnlySpan<byte> data, string source = "capture.pcap")
    {
        var d = new List<Diagnostic>();
        var packets = new List<CapturedPacket>();
        if (data.Length < 24)
        {
            d.Add(Diagnostic.Fail("not a pcap file: shorter than its 24-byte header", source));
            return new(packets, d);
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        bool little;
        var nanos = false;
        switch (magic)
        {
            case 0xa1b2c3d4: little = true; break;
            case 0xd4c3b2a1: little = false; break;
            case 0xa1b23c4d: little = true; nanos = true; break;
            case 0x4d3cb2a1: little = false; nanos = true; break;
            default:
                d.Add(Diagnostic.Fail("not a pcap file (pcapng is not supported; write with tcpdump -w)", source));
                return new(packets, d);
        }

        var link = U32(data[20..], little);
        var offset = 24;
        double? first = null;
        while (offset + 16 <= data.Length && packets.Count < MaxPackets)
        {
            var seconds = U32(data[offset..], little);
            var fraction = U32(data[(offset + 4)..], little);
            var captured = U32(data[(offset + 8)..], little);
            var original = U32(data[(offset + 12)..], little);
            offset += 16;
            if (captured > (uint)(data.Length - offset))
            {
                d.Add(Diagnostic.Warn($"packet {packets.Count + 1} is truncated; the capture ends there", source));
                break;
            }

            var time = seconds + (fraction / (nanos ? 1e9 : 1e6));
            first ??= time;
            var frame = data.Slice(offset, (int)captured);
            offset += (int)captured;
            if (Decode(frame, link, out var ip) && PacketDecoder.Ipv4(ip, Math.Round(time - first.Value, 6), (int)Math.Min(original, int.MaxValue)) is { } packet)
            {
                packets.Add(packet);
            }
        }

        if (offset < data.Length && packets.Count < MaxPackets && d.Count == 0)
        {
            d.Add(Diagnostic.Warn($"{(data.Length - offset).ToString(CultureInfo.InvariantCulture)} trailing bytes ignored", source));
        }

        return new(packets, d);
    }

    private static bool Decode(ReadOnlySpan<byte> frame, uint link, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        int at;
        ushort type;
        switch (link)
        {
            case 1 when frame.Length >= 14: // Ethernet
                at = 12;
                type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
                at += 2;
                if (type == 0x8100 && frame.Length >= 18)
                {
                    type = BinaryPrimitives.ReadUInt16BigEndian(frame[16..]);
                    at = 18;
                }

                break;
            case 113 when frame.Length >= 16: // Linux cooked v1
                type = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
                at = 16;
                break;
            case 276 when frame.Length >= 20: // Linux cooked v2
                type = BinaryPrimitives.ReadUInt16BigEndian(frame);
                at = 20;
                break;
            case 101 or 12 or 228: // raw IPv4
                type = 0x0800;
                at = 0;
                break;
            default:
                return false;
        }

        if (type != 0x0800 || at > frame.Length)
        {
            return false;
        }

        ip = frame[at..];
        return true;
    }

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
