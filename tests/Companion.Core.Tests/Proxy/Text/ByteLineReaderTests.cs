using System.Text;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Text;

/// <summary>The byte line reader and UTF-8 trimming agree with their UTF-16 twins (DumpLineReader, MemoryExtensions.Trim).</summary>
public sealed class ByteLineReaderTests
{
    private static List<string> ReadBytes(byte[] bytes)
    {
        var dump = DumpBytes.FromArray(bytes, bytes.Length);
        var lines = new ByteLineReader(dump);
        var read = new List<string>();
        while (lines.TryReadLine(out var line, out var start))
        {
            dump.GetString(start, line.Length).Should().Be(Encoding.UTF8.GetString(line), "the offset points at the line");
            read.Add(Encoding.UTF8.GetString(Utf8Text.Trim(line, out _)));
        }

        read.Count.Should().Be(lines.LineNumber);
        return read;
    }

    private static List<string> ReadText(byte[] bytes)
    {
        var lines = new DumpLineReader(new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true));
        var read = new List<string>();
        while (lines.TryReadLine(out var line))
        {
            read.Add(line.Trim().ToString());
        }

        return read;
    }

    public sealed class Lines
    {
        [Theory]
        [InlineData("")]
        [InlineData("a")]
        [InlineData("a\nb")]
        [InlineData("a\r\nb\r\n")]
        [InlineData("\n\n")]
        [InlineData("\uFEFFa\nb")]
        [InlineData("\uFEFF\uFEFFa\n\uFEFFb")]
        [InlineData("  -A X -j Y \t\r\n\u00A0:X - [0:0]\u3000\n\u0085\u2028COMMIT\u2029")]
        [InlineData("# ☃ 服务 é\n*nat\r\n-A X -m comment --comment \"ünïcødé\"")]
        public void the_byte_reader_gives_the_lines_the_text_reader_gives(string text)
        {
            // Given
            var bytes = Encoding.UTF8.GetBytes(text);

            // When
            var fromBytes = ReadBytes(bytes);

            // Then
            fromBytes.Should().Equal(ReadText(bytes));
        }

        [Theory]
        [InlineData(new byte[] { 0x41, 0xC3, 0x0A, 0x42 })]
        [InlineData(new byte[] { 0xE2, 0x80, 0x20, 0xC2, 0xA0, 0x0A, 0xC2, 0xA0, 0xFF, 0x41 })]
        [InlineData(new byte[] { 0x20, 0xE3, 0x80, 0x80, 0xF0, 0x9F, 0xC2, 0xA0, 0x0A })]
        [InlineData(new byte[] { 0xE2, 0x80, 0xA0, 0xA0, 0x20, 0x0A, 0xEF, 0xBB, 0xBF, 0x0D })]
        public void invalid_utf8_is_trimmed_and_decoded_like_a_stream_reader_does(byte[] bytes)
        {
            // When
            var fromBytes = ReadBytes(bytes);

            // Then
            fromBytes.Should().Equal(ReadText(bytes));
        }

        [Fact]
        public void a_utf16_dump_is_read_as_its_text()
        {
            // Given a dump saved as UTF-16 with its byte-order mark
            var text = "*nat\r\n-A X -m comment --comment \"服务\" -j Y\nCOMMIT\n";
            var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();

            // When
            var fromBytes = ReadBytes(bytes);

            // Then
            fromBytes.Should().Equal(ReadText(bytes));
            fromBytes[1].Should().Be("-A X -m comment --comment \"服务\" -j Y");
        }
    }
}
