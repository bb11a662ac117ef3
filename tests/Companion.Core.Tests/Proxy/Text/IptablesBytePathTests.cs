using System.Text;
using Companion.Core.Diagnostics;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Text;

/// <summary>
/// The byte path (the dump's UTF-8 bytes read once, rules kept as offsets) gives what the text path gives: the same
/// ruleset, the same diagnostics and the same traces, on kernel-printed text, generator output and odd restore input,
/// whatever the line endings, byte-order marks, Unicode white space, invalid UTF-8 or truncation.
/// </summary>
public sealed class IptablesBytePathTests
{
    public sealed class Differential
    {
        [Theory]
        [MemberData(nameof(BytePathCases.All), MemberType = typeof(BytePathCases))]
        public void the_byte_path_parses_exactly_what_the_text_path_parses(string dump, string variant)
        {
            // Given
            var bytes = BytePathCases.Bytes(BytePathCases.Text(dump), variant);

            // When
            var fromBytes = BytePath.Describe(BytePath.ParseBytes(bytes));
            var fromText = BytePath.Describe(BytePath.ParseText(bytes));

            // Then
            fromBytes.Should().Be(fromText);
            fromBytes.Should().Contain(" KUBE-SERVICES ", "the dump has rules at all");
        }

        [Theory]
        [MemberData(nameof(BytePathCases.All), MemberType = typeof(BytePathCases))]
        public void the_byte_path_traces_exactly_what_the_text_path_traces(string dump, string variant)
        {
            // Given
            var bytes = BytePathCases.Bytes(BytePathCases.Text(dump), variant);

            // When / Then (every packet: the tracer on both parses, and RuleDumpTracer from a stream and from a reader)
            BytePath.TracesAgree(bytes, $"{dump} {variant}");
        }

        [Fact]
        public void the_string_overload_agrees_with_the_byte_path_on_plain_text()
        {
            // Given
            var text = BytePathCases.Generated();

            // When
            var fromString = BytePath.Describe(IptablesSaveParser.Parse(text, BytePath.Source));
            var fromBytes = BytePath.Describe(BytePath.ParseBytes(Encoding.UTF8.GetBytes(text)));

            // Then
            fromBytes.Should().Be(fromString);
        }
    }

    public sealed class Text_it_keeps
    {
        [Fact]
        public void utf8_comments_decode_intact_and_line_numbers_count_lines_not_bytes()
        {
            // Given the odd dump, with a UTF-8 comment of 2- and 3-byte characters, behind a byte-order mark and CRLF
            var text = BytePathCases.Odd;
            var bytes = BytePathCases.Bytes(text, "bom");
            var crlf = BytePathCases.Bytes(text, "crlf");
            var expectedLine = text.Split('\n').ToList().FindIndex(l => l.Contains("☃", StringComparison.Ordinal)) + 1;

            // When
            var rule = BytePath.ParseBytes(bytes).Value.Table("nat")!.Chain("KUBE-SERVICES")!.Rules[0];
            var ruleCrlf = BytePath.ParseBytes(crlf).Value.Table("nat")!.Chain("KUBE-SERVICES")!.Rules[0];

            // Then
            rule.Comment.Should().Be("démo/wéb:http ☃ 服务");
            rule.LineNumber.Should().Be(expectedLine);
            rule.Packets.Should().Be(5);
            ruleCrlf.Text.Should().Be(rule.Text, "a carriage return is not part of the rule");
            ruleCrlf.LineNumber.Should().Be(expectedLine);
        }

        [Fact]
        public void a_truncated_last_line_is_parsed_as_far_as_it_goes_and_the_missing_commit_is_reported()
        {
            // Given a dump cut in the middle of a rule
            var text = IptablesFixtures.WebAndEmpty.TrimEnd();
            var cut = text[..(text.LastIndexOf("--to-destination", StringComparison.Ordinal) + 10)];

            // When
            var parsed = BytePath.ParseBytes(Encoding.UTF8.GetBytes(cut));

            // Then
            parsed.Diagnostics.Should().Contain(d => d.Message.Contains("no COMMIT", StringComparison.Ordinal) && d.Line == cut.Split('\n').Length);
            parsed.Value.AllRules.Single(r => r.LineNumber == cut.Split('\n').Length).Text.Should().Be(cut.Split('\n')[^1]);
        }
    }

    public sealed class Too_large
    {
        [Fact]
        public void a_dump_over_2_gb_is_an_error_diagnostic_not_an_exception()
        {
            // Given a real sparse file of 2.2 GB (no disk blocks written)
            var path = Path.Combine(Path.GetTempPath(), $"ipt-bytes-{Guid.NewGuid():N}.txt");
            try
            {
                using (var create = new FileStream(path, FileMode.CreateNew))
                {
                    create.SetLength(2_200_000_000L);
                }

                // When
                ParseResult<IptablesRuleset> parsed;
                using (var stream = File.OpenRead(path))
                {
                    parsed = IptablesSaveParser.Parse(stream, "big.txt");
                }

                var (trace, error) = RuleDumpTracer.Trace(() => File.OpenRead(path), null, new PacketSpec("10.0.0.1", "10.96.0.10", "tcp", 80));

                // Then
                parsed.Value.Tables.Should().BeEmpty();
                var diagnostic = parsed.Diagnostics.Should().ContainSingle().Subject;
                diagnostic.Severity.Should().Be(DiagnosticSeverity.Error);
                diagnostic.Source.Should().Be("big.txt");
                diagnostic.Message.Should().Contain("2,200,000,000");
                trace.Should().BeNull();
                error.Should().Contain("larger than").And.NotContain("\n");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    public sealed class Reading
    {
        /// <summary>A real stream that cannot seek and hands out at most <paramref name="chunk"/> bytes per read.</summary>
        private sealed class TrickleStream(byte[] bytes, int chunk) : Stream
        {
            private int _position;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => _position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = Math.Min(Math.Min(chunk, count), bytes.Length - _position);
                bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
                _position += n;
                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(70_000)]
        public void a_stream_that_cannot_seek_gives_the_same_ruleset_as_a_file(int chunk)
        {
            // Given the generated dump, big enough to need the buffer to grow from 64K
            var text = string.Concat(Enumerable.Repeat(BytePathCases.Generated(), chunk == 1 ? 1 : 8));
            var bytes = Encoding.UTF8.GetBytes(text);
            var path = Path.Combine(Path.GetTempPath(), $"ipt-bytes-{Guid.NewGuid():N}.txt");
            File.WriteAllBytes(path, bytes);
            try
            {
                // When
                var trickled = BytePath.Describe(IptablesSaveParser.Parse(new TrickleStream(bytes, chunk), BytePath.Source));
                string fromFile;
                using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, BufferSize = 0 }))
                {
                    fromFile = BytePath.Describe(IptablesSaveParser.Parse(file, BytePath.Source));
                }

                // Then
                trickled.Should().Be(fromFile);
                fromFile.Should().Be(BytePath.Describe(BytePath.ParseText(bytes)));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
