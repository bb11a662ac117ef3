using System.Buffers.Binary;
using Companion.Core.Diagnostics;
using Companion.Core.Lab;

namespace Companion.Lab.Tests;

public sealed class PcapReaderTests
{
    /// <summary>A pcap (Ethernet) with one DNS response: A backend.shop.svc.cluster.local → 10.96.0.101.</summary>
    internal static byte[] DnsResponsePcap()
    {
        var dns = new List<byte> { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0 };
        foreach (var label in "backend.shop.svc.cluster.local".Split('.'))
        {
            dns.Add((byte)label.Length);
            dns.AddRange(label.Select(c => (byte)c));
        }

        dns.AddRange(new byte[] { 0, 0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, 96, 0, 101 });
        var udp = new List<byte> { 0, 53, 0x9c, 0x40 };
        udp.AddRange(Be16(8 + dns.Count));
        udp.AddRange(new byte[] { 0, 0 });
        udp.AddRange(dns);
        var ip = new List<byte> { 0x45, 0 };
        ip.AddRange(Be16(20 + udp.Count));
        ip.AddRange(new byte[] { 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 96, 0, 10, 10, 244, 1, 2 });
        ip.AddRange(udp);
        var frame = new List<byte>(new byte[12]) { 0x08, 0x00 };
        frame.AddRange(ip);
        var file = new List<byte>();
        file.AddRange(Le32(0xa1b2c3d4));
        file.AddRange(new byte[] { 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0 });
        file.AddRange(Le32(1));
        file.AddRange(Le32(1_700_000_000));
        file.AddRange(Le32(250_000));
        file.AddRange(Le32((uint)frame.Count));
        file.AddRange(Le32((uint)frame.Count));
        file.AddRange(frame);
        return file.ToArray();
    }

    private static byte[] Be16(int v) => [(byte)(v >> 8), (byte)v];

    private static byte[] Le32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    public sealed class Reading
    {
        [Fact]
        public void decodes_a_dns_answer_with_a_compressed_name()
        {
            // Given
            var pcap = DnsResponsePcap();

            // When
            var result = PcapReader.Read(pcap);

            // Then
            result.Diagnostics.Should().BeEmpty();
            var p = result.Value.Should().ContainSingle().Subject;
            p.Source.Should().Be("10.96.0.10:53");
            p.Destination.Should().Be("10.244.1.2:40000");
            p.Protocol.Should().Be("DNS");
            p.DnsResponse.Should().BeTrue();
            p.DnsQuestion.Should().Be("A backend.shop.svc.cluster.local.");
            p.DnsRcode.Should().Be("NOERROR");
            p.DnsAnswers.Should().Equal("10.96.0.101");
        }

        [Fact]
        public void renders_markup_in_names_encoded()
        {
            // Given
            var packets = new[] { new CapturedPacket(0, "<script>", "b", "DNS", null, 1, "A <b>x</b>.", "NOERROR", ["\"q\""], true) };

            // When
            var html = PacketTableHtml.Render(packets, "<i>cap</i>");

            // Then
            html.Should().NotContain("<script>").And.NotContain("<b>").And.NotContain("<i>").And.Contain("&lt;script&gt;");
        }

        [Fact]
        public void never_throws_on_truncated_or_corrupted_captures()
        {
            // Given
            var pcap = DnsResponsePcap();
            var random = new Random(11);

            // When / Then
            PcapReader.Read([]).Diagnostics.Should().Contain(d => d.Severity == DiagnosticSeverity.Error);
            for (var i = 0; i < 5000; i++)
            {
                var bytes = pcap.Take(random.Next(pcap.Length + 1)).ToArray();
                for (var k = random.Next(0, 6); k > 0 && bytes.Length > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                var result = PcapReader.Read(bytes);
                result.Value.Count.Should().BeLessThanOrEqualTo(1);
            }
        }
    }
}
