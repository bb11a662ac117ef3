using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Companion.Core.Dns;

/// <summary>
/// The DNS message format (RFC 1035 §4) for the probe's UDP path: writes one standard query (RD set, one question,
/// no EDNS, as glibc and musl send it) and reads the response to it. Never throws on input: a packet that is not
/// the answer to the query reads as null, and a truncated or inconsistent answer as <see cref="DnsWireAnswer.Malformed"/>.
/// </summary>
public static class DnsWireFormat
{
    /// <summary>The largest UDP message without EDNS.</summary>
    public const int MaxUdpSize = 512;

    private const int HeaderSize = 12;
    private const int MaxNameLength = 255;

    /// <summary>The TYPE code of a record type.</summary>
    public static ushort TypeCode(DnsRecordType type) => type switch
    {
        DnsRecordType.A => 1,
        DnsRecordType.CNAME => 5,
        DnsRecordType.PTR => 12,
        DnsRecordType.TXT => 16,
        DnsRecordType.AAAA => 28,
        _ => 33,
    };

    /// <summary>
    /// Writes a query for <paramref name="name"/> (no trailing dot needed; "" or "." is the root) into
    /// <paramref name="buffer"/>. Returns its length, or -1 when the name cannot be encoded (an empty or
    /// over-long label, a name over 255 bytes, or a buffer too small).
    /// </summary>
    public static int WriteQuery(Span<byte> buffer, ushort id, string name, DnsRecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (buffer.Length < HeaderSize + 5)
        {
            return -1;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        buffer[2] = 0x01; // RD
        buffer[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], 1);
        buffer[6..HeaderSize].Clear();
        var at = HeaderSize;
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                var ascii = ToAscii(label);
                if (ascii is null || ascii.Length is 0 or > 63 || at + 1 + ascii.Length + 5 > buffer.Length || at + 1 + ascii.Length - HeaderSize >= MaxNameLength)
                {
                    return -1;
                }

                buffer[at++] = (byte)ascii.Length;
                at += Encoding.ASCII.GetBytes(ascii, buffer[at..]);
            }
        }

        buffer[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], TypeCode(type));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(at + 2)..], 1); // IN
        return at + 4;
    }

    /// <summary>
    /// Reads <paramref name="response"/> as the answer to <paramref name="query"/> (the bytes <see cref="WriteQuery"/>
    /// wrote). Null when it is not that answer: too short, not a response, another id, another question.
    /// </summary>
    public static DnsWireAnswer? ReadResponse(ReadOnlySpan<byte> response, ReadOnlySpan<byte> query, DnsRecordType type)
    {
        if (response.Length < HeaderSize || query.Length < HeaderSize + 5 || response[0] != query[0] || response[1] != query[1]
            || (response[2] & 0x80) == 0 || (response[2] & 0x78) != 0)
        {
            return null;
        }

        var rcode = response[3] & 0x0F;
        var truncated = (response[2] & 0x02) != 0;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        var answerCount = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
        var question = query[HeaderSize..];
        var at = HeaderSize;
        if (questions == 1)
        {
            if (response.Length < at + question.Length || !SameQuestion(response.Slice(at, question.Length), question))
            {
                return null;
            }

            at += question.Length;
        }
        else if (questions != 0 || rcode == 0)
        {
            return null;
        }

        var answers = new List<string>();
        var code = TypeCode(type);
        for (var i = 0; i < answerCount; i++)
        {
            if (!SkipName(response, ref at) || at + 10 > response.Length)
            {
                return new DnsWireAnswer(rcode, truncated, answers, Malformed: !truncated);
            }

            var rrType = BinaryPrimitives.ReadUInt16BigEndian(response[at..]);
            var rrClass = BinaryPrimitives.ReadUInt16BigEndian(response[(at + 2)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(response[(at + 8)..]);
            at += 10;
            if (at + length > response.Length)
            {
                return new DnsWireAnswer(rcode, truncated, answers, Malformed: !truncated);
            }

            if (rrType == code && rrClass == 1)
            {
                if (Format(response, at, length, type) is not { } text)
                {
                    return new DnsWireAnswer(rcode, truncated, answers, Malformed: true);
                }

                answers.Add(text);
            }

            at += length;
        }

        return new DnsWireAnswer(rcode, truncated, answers);
    }

    private static string? Format(ReadOnlySpan<byte> message, int at, int length, DnsRecordType type)
    {
        var data = message.Slice(at, length);
        switch (type)
        {
            case DnsRecordType.A:
                return length == 4 ? new IPAddress(data).ToString() : null;
            case DnsRecordType.AAAA:
                return length == 16 ? new IPAddress(data).ToString() : null;
            case DnsRecordType.SRV:
                if (length < 7)
                {
                    return null;
                }

                var target = at + 6;
                return ReadName(message, ref target) is { } host
                    ? string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt16BigEndian(data)} {BinaryPrimitives.ReadUInt16BigEndian(data[2..])} {BinaryPrimitives.ReadUInt16BigEndian(data[4..])} {host}")
                    : null;
            case DnsRecordType.PTR:
            case DnsRecordType.CNAME:
                var start = at;
                return ReadName(message, ref start);
            default:
                var text = new StringBuilder();
                var i = 0;
                while (i < length)
                {
                    var n = data[i];
                    if (i + 1 + n > length)
                    {
                        return null;
                    }

                    text.Append(Encoding.UTF8.GetString(data.Slice(i + 1, n)));
                    i += 1 + n;
                }

                return text.ToString();
        }
    }

    /// <summary>A (possibly compressed) name as text without the trailing dot; null when it is malformed or loops.</summary>
    private static string? ReadName(ReadOnlySpan<byte> message, ref int at)
    {
        var text = new StringBuilder();
        var position = at;
        var jumped = false;
        for (var hops = 0; hops < 128; hops++)
        {
            if (position >= message.Length)
            {
                return null;
            }

            var n = message[position];
            if ((n & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    return null;
                }

                if (!jumped)
                {
                    at = position + 2;
                    jumped = true;
                }

                position = ((n & 0x3F) << 8) | message[position + 1];
                continue;
            }

            if (n == 0)
            {
                if (!jumped)
                {
                    at = position + 1;
                }

                return text.ToString();
            }

            if ((n & 0xC0) != 0 || position + 1 + n > message.Length || text.Length + n + 1 > MaxNameLength * 4)
            {
                return null;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            AppendLabel(text, message.Slice(position + 1, n));
            position += 1 + n;
        }

        return null;
    }

    private static bool SkipName(ReadOnlySpan<byte> message, ref int at)
    {
        while (at < message.Length)
        {
            var n = message[at];
            if ((n & 0xC0) == 0xC0)
            {
                at += 2;
                return at <= message.Length;
            }

            if ((n & 0xC0) != 0)
            {
                return false;
            }

            at += 1 + n;
            if (n == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                text.Append('\\').Append((char)b);
            }
            else if (b is < 0x21 or > 0x7E)
            {
                text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append((char)b);
            }
        }
    }

    private static bool SameQuestion(ReadOnlySpan<byte> answer, ReadOnlySpan<byte> asked)
    {
        for (var i = 0; i < asked.Length; i++)
        {
            var a = answer[i];
            var b = asked[i];
            if (a == b)
            {
                continue;
            }

            // the name compares case-insensitively (letters only); its type and class exactly
            var folded = a | 0x20;
            if (i >= asked.Length - 4 || folded != (b | 0x20) || folded is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    private static string? ToAscii(string label)
    {
        foreach (var c in label)
        {
            if (c > 0x7E)
            {
                try
                {
                    return new IdnMapping().GetAscii(label);
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }
        }

        return label;
    }
}
