using System.Buffers.Binary;
using System.Text;
using Companion.Core.Lab;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>
/// Binary input: pcap files (as tcpdump -w writes them), carried as a string of chars 0-255 (one per byte) so the shared
/// mutator and corpus work on them. <see cref="PcapReader.Read"/> then <see cref="PacketTableHtml.Render"/>: no exception,
/// one-line diagnostics naming the file.
/// </summary>
internal static class PcapTarget
{
    public const string Name = "pcap";

    private static readonly string[] Words = ["\u00d4\u00c3\u00b2\u00a1", "\u00a1\u00b2\u00c3\u00d4", "\u0008\u0000", "\u0045\u0000", "\u0011", "\u0006", "\u0000\u0035", "\u00ff\u00ff\u00ff\u00ff", "\u0000\u0000\u0000\u0000", "\u00c0\u000c"];

    public static Infra.FuzzTarget Create() => new(Name, [Bytes(Seed(ethernet: true)), Bytes(Seed(ethernet: false))], Words, Check);

    private static void Check(string input)
    {
        var data = input.Select(c => (byte)c).ToArray();
        var parsed = PcapReader.Read(data, Properties.Source);
        Properties.Diagnostics(parsed.Diagnostics, "");
        PacketTableHtml.Render(parsed.Value, "fuzz");
    }

    private static string Bytes(byte[] data) => new(data.Select(b => (char)b).ToArray());

    /// <summary>A capture with a DNS query over UDP and a TCP SYN, Ethernet or raw-IP link type.</summary>
    private static byte[] Seed(bool ethernet)
    {
        var file = new List<byte>();
        file.AddRange(Le32(0xa1b2c3d4));
        file.AddRange([2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        file.AddRange(Le32(65535));
        file.AddRange(Le32(ethernet ? 1u : 101u));
        foreach (var ip in new[] { DnsQuery(), TcpSyn() })
        {
            var frame = ethernet ? [.. new byte[12], 0x08, 0x00, .. ip] : ip;
            file.AddRange(Le32(1_700_000_000));
            file.AddRange(Le32(250_000));
            file.AddRange(Le32((uint)frame.Length));
            file.AddRange(Le32((uint)frame.Length));
            file.AddRange(frame);
        }

        return [.. file];
    }

    private static byte[] DnsQuery()
    {
        var dns = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in "web.demo.svc.cluster.local".Split('.'))
        {
            dns.Add((byte)label.Length);
            dns.AddRange(Encoding.ASCII.GetBytes(label));
        }

        dns.AddRange([0, 0, 1, 0, 1]);
        byte[] udp = [0x9c, 0x40, 0, 53, .. Be16(8 + dns.Count), 0, 0, .. dns];
        return Ip(17, udp);
    }

    private static byte[] TcpSyn() => Ip(6, [0x9c, 0x41, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]);

    private static byte[] Ip(byte protocol, byte[] payload) =>
        [0x45, 0, .. Be16(20 + payload.Length), 0, 0, 0x40, 0, 64, protocol, 0, 0, 10, 244, 1, 2, 10, 96, 0, 10, .. payload];

    private static byte[] Be16(int v) => [(byte)(v >> 8), (byte)v];

    private static byte[] Le32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }
}
