using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Companion.Core.Dns;

namespace Companion.Lab;

/// <summary>
/// The few bytes of RFC 1035 the lab's DNS probe needs: one question out, the rcode and the answers of the asked type back.
/// <code>
/// header: ID(2) FLAGS(2: QR|OPCODE|AA|TC|RD|RA|Z|RCODE) QDCOUNT(2) ANCOUNT(2) NSCOUNT(2) ARCOUNT(2)
/// question: QNAME (length-prefixed labels, 0) QTYPE(2) QCLASS(2)
/// answer: NAME (labels or a 0xC0 pointer) TYPE(2) CLASS(2) TTL(4) RDLENGTH(2) RDATA
/// </code>
/// Reading never throws on input: a short or malformed answer is null.
/// </summary>
public static class LabDnsWire
{
    /// <summary>The type code on the wire.</summary>
    public static ushort TypeCode(DnsRecordType type) => type switch
    {
        DnsRecordType.A => 1,
        DnsRecordType.AAAA => 28,
        DnsRecordType.SRV => 33,
        DnsRecordType.PTR => 12,
        DnsRecordType.CNAME => 5,
        _ => 16,
    };

    /// <summary>A query with recursion desired, as a stub resolver sends it.</summary>
    public static byte[] Query(ushort id, string name, DnsRecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = new List<byte>(64) { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var ascii = Encoding.ASCII.GetBytes(label);
            if (ascii.Length > 63)
            {
                throw new LabException($"'{label}' is longer than a DNS label may be (63)");
            }

            bytes.Add((byte)ascii.Length);
            bytes.AddRange(ascii);
        }

        var code = TypeCode(type);
        bytes.AddRange([0, (byte)(code >> 8), (byte)code, 0, 1]);
        return [.. bytes];
    }

    /// <summary>The id, rcode, truncation bit and the answers of <paramref name="type"/>; null when it is not a DNS answer.</summary>
    public static (ushort Id, int Rcode, bool Truncated, IReadOnlyList<string> Answers)? ReadAnswer(ReadOnlySpan<byte> message, DnsRecordType type)
    {
        if (message.Length < 12 || (message[2] & 0x80) == 0)
        {
            return null;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var rcode = message[3] & 0x0F;
        var truncated = (message[2] & 0x02) != 0;
        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int answerCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var at = 12;
        for (var i = 0; i < questions; i++)
        {
            if (!SkipName(message, ref at) || at + 4 > message.Length)
            {
                return null;
            }

            at += 4;
        }

        var answers = new List<string>();
        var wanted = TypeCode(type);
        for (var i = 0; i < answerCount; i++)
        {
            if (!SkipName(message, ref at) || at + 10 > message.Length)
            {
                return null;
            }

            var rrType = BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 8)..]);
            at += 10;
            if (at + length > message.Length)
            {
                return null;
            }

            var data = message.Slice(at, length);
            if (rrType == wanted && (rrType, length) is (1, 4) or (28, 16))
            {
                answers.Add(new IPAddress(data).ToString());
            }
            else if (rrType == wanted && rrType is 5 or 12 && ReadName(message, at) is { } target)
            {
                answers.Add(target);
            }
            else if (rrType == wanted && rrType == 33 && length > 6 && ReadName(message, at + 6) is { } srvTarget)
            {
                answers.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{BinaryPrimitives.ReadUInt16BigEndian(data)} {BinaryPrimitives.ReadUInt16BigEndian(data[2..])} {BinaryPrimitives.ReadUInt16BigEndian(data[4..])} {srvTarget}"));
            }

            at += length;
        }

        return (id, rcode, truncated, answers);
    }

    private static bool SkipName(ReadOnlySpan<byte> message, ref int at)
    {
        while (at < message.Length)
        {
            var length = message[at];
            if (length == 0)
            {
                at++;
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                at += 2;
                return at <= message.Length;
            }

            at += length + 1;
        }

        return false;
    }

    private static string? ReadName(ReadOnlySpan<byte> message, int at)
    {
        var labels = new List<string>();
        for (var jumps = 0; at < message.Length && jumps < 16;)
        {
            var length = message[at];
            if (length == 0)
            {
                return string.Join('.', labels);
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (at + 1 >= message.Length)
                {
                    return null;
                }

                at = ((length & 0x3F) << 8) | message[at + 1];
                jumps++;
                continue;
            }

            if (at + 1 + length > message.Length)
            {
                return null;
            }

            labels.Add(Encoding.ASCII.GetString(message.Slice(at + 1, length)));
            at += length + 1;
        }

        return null;
    }
}
