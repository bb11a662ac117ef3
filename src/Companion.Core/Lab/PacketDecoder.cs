using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Companion.Core.Lab;

/// <summary>Decodes an IPv4 packet (TCP, UDP, ICMP) and DNS messages inside UDP port 53. Returns null for what it cannot read.</summary>
internal static class PacketDecoder
{
    public static CapturedPacket? Ipv4(ReadOnlySpan<byte> ip, double time, int length)
    {
        if (ip.Length < 20 || ip[0] >> 4 != 4)
        {
            return null;
        }

        var headerLength = (ip[0] & 0x0f) * 4;
        if (headerLength < 20 || headerLength > ip.Length)
        {
            return null;
        }

        var protocol = ip[9];
        var src = Address(ip[12..16]);
        var dst = Address(ip[16..20]);
        var payload = ip[headerLength..];
        switch (protocol)
        {
            case 6 when payload.Length >= 20:
            {
                var flags = payload[13];
                return new CapturedPacket(time, Port(src, payload), Port(dst, payload[2..]), "TCP", TcpFlags(flags), length);
            }

            case 17 when payload.Length >= 8:
            {
                var sport = BinaryPrimitives.ReadUInt16BigEndian(payload);
                var dport = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
                var packet = new CapturedPacket(time, Port(src, payload), Port(dst, payload[2..]), "UDP", null, length);
                return sport == 53 || dport == 53 ? Dns(packet, payload[8..]) : packet;
            }

            case 1:
                return new CapturedPacket(time, src, dst, "ICMP", payload.Length > 0 ? $"type {payload[0].ToString(CultureInfo.InvariantCulture)}" : null, length);
            default:
                return new CapturedPacket(time, src, dst, $"IP proto {protocol.ToString(CultureInfo.InvariantCulture)}", null, length);
        }
    }

    private static CapturedPacket Dns(CapturedPacket packet, ReadOnlySpan<byte> m)
    {
        if (m.Length < 12)
        {
            return packet with { Protocol = "DNS" };
        }

        var response = (m[2] & 0x80) != 0;
        var rcode = (m[3] & 0x0f) switch { 0 => "NOERROR", 1 => "FORMERR", 2 => "SERVFAIL", 3 => "NXDOMAIN", 4 => "NOTIMP", 5 => "REFUSED", var x => $"RCODE{x}" };
        var questions = BinaryPrimitives.ReadUInt16BigEndian(m[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(m[6..]);
        var at = 12;
        string? question = null;
        for (var i = 0; i < questions && i < 4; i++)
        {
            var name = Name(m, ref at);
            if (name is null || at + 4 > m.Length)
            {
                return packet with { Protocol = "DNS", DnsResponse = response, DnsQuestion = question };
            }

            question ??= $"{TypeName(BinaryPrimitives.ReadUInt16BigEndian(m[at..]))} {name}";
            at += 4;
        }

        var list = new List<string>();
        for (var i = 0; i < answers && i < 32; i++)
        {
            var name = Name(m, ref at);
            if (name is null || at + 10 > m.Length)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 8)..]);
            at += 10;
            if (at + rdLength > m.Length)
            {
                break;
            }

            list.Add(type == 1 && rdLength == 4 ? Address(m.Slice(at, 4)) : type == 33 && rdLength > 6 ? Srv(m, at) : TypeName(type));
            at += rdLength;
        }

        return packet with { Protocol = "DNS", DnsResponse = response, DnsQuestion = question, DnsRcode = response ? rcode : null, DnsAnswers = response ? list : null };
    }

    private static string Srv(ReadOnlySpan<byte> m, int at)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 4)..]);
        var target = at + 6;
        return $"SRV {Name(m, ref target) ?? "?"}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Reads a (possibly compressed) name; null when malformed. Bounded: at most 16 pointer jumps and 255 characters.</summary>
    private static string? Name(ReadOnlySpan<byte> m, ref int at)
    {
        var sb = new StringBuilder();
        var position = at;
        var jumped = false;
        for (var jumps = 0; jumps < 16;)
        {
            if (position >= m.Length)
            {
                return null;
            }

            var len = m[position];
            if (len == 0)
            {
                if (!jumped)
                {
                    at = position + 1;
                }

                return sb.Length == 0 ? "." : sb.ToString();
            }

            if ((len & 0xc0) == 0xc0)
            {
                if (position + 1 >= m.Length)
                {
                    return null;
                }

                if (!jumped)
                {
                    at = position + 2;
                }

                jumped = true;
                jumps++;
                position = ((len & 0x3f) << 8) | m[position + 1];
                continue;
            }

            if (position + 1 + len > m.Length || sb.Length + len > 255)
            {
                return null;
            }

            foreach (var c in m.Slice(position + 1, len))
            {
                sb.Append(c is > 32 and < 127 ? (char)c : '?');
            }

            sb.Append('.');
            position += 1 + len;
        }

        return null;
    }

    private static string TypeName(ushort type) => type switch
    {
        1 => "A", 2 => "NS", 5 => "CNAME", 6 => "SOA", 12 => "PTR", 16 => "TXT", 28 => "AAAA", 33 => "SRV",
        _ => $"TYPE{type.ToString(CultureInfo.InvariantCulture)}",
    };

    private static string TcpFlags(byte f)
    {
        var s = new StringBuilder();
        if ((f & 0x02) != 0) { s.Append('S'); }
        if ((f & 0x01) != 0) { s.Append('F'); }
        if ((f & 0x04) != 0) { s.Append('R'); }
        if ((f & 0x08) != 0) { s.Append('P'); }
        if ((f & 0x10) != 0) { s.Append('.'); }
        return s.ToString();
    }

    private static string Address(ReadOnlySpan<byte> b) => string.Create(CultureInfo.InvariantCulture, $"{b[0]}.{b[1]}.{b[2]}.{b[3]}");

    private static string Port(string address, ReadOnlySpan<byte> at) =>
        $"{address}:{BinaryPrimitives.ReadUInt16BigEndian(at).ToString(CultureInfo.InvariantCulture)}";
}
