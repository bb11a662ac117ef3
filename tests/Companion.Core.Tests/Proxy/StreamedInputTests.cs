using System.Text;
using Companion.Core.Proxy;
using Companion.Core.Tests.Proxy.Nft;

namespace Companion.Core.Tests.Proxy;

/// <summary>
/// The parsers read a dump from a <see cref="TextReader"/> line by line (no whole-file string): same result as the
/// string overloads, whatever the reader's chunking, and from real files on disk.
/// </summary>
public sealed partial class StreamedInputTests
{
    /// <summary>A real reader that hands out at most <paramref name="chunk"/> characters per Read, so lines straddle refills.</summary>
    private sealed class TrickleReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(chunk, count), text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }

    private static string Describe(IptablesRuleset ruleset) => string.Join('\n', ruleset.Tables.Values.SelectMany(t => t.Chains.Values)
        .SelectMany(c => c.Rules.Select(r => $"{r.Table} {r.Chain} {r.LineNumber} {r.Text} {r.Target.Name} {r.Matches.Count} {r.Packets}")));

    private static string Describe(NftRuleset ruleset) => string.Join('\n', ruleset.Tables.SelectMany(t =>
        t.Chains.Values.OrderBy(c => c.Name, StringComparer.Ordinal).SelectMany(c => c.Rules.Select(r => $"{t.Key} {c.Name} {c.Hook} {c.Priority} {r.LineNumber} {r.Text} {r.Comment}"))
            .Concat(t.Sets.Values.OrderBy(s => s.Name, StringComparer.Ordinal).SelectMany(s => s.Elements.Select(e => $"{s.Name} {string.Join('.', e.Key)} {e.Value} {e.Comment} {e.LineNumber}")))));

    public sealed class Line_reader
    {
        [Theory]
        [InlineData("", new[] { "" })]
        [InlineData("a", new[] { "a" })]
        [InlineData("a\nb", new[] { "a", "b" })]
        [InlineData("a\r\nb\r\n", new[] { "a", "b", "" })]
        [InlineData("\n\n", new[] { "", "", "" })]
        public void splits_like_split_on_newline_and_drops_a_trailing_carriage_return(string text, string[] expected)
        {
            // Given
            var lines = new DumpLineReader(new TrickleReader(text, 1));
            var read = new List<string>();

            // When
            while (lines.TryReadLine(out var line))
            {
                read.Add(line.ToString());
            }

            // Then
            read.Should().Equal(expected);
            lines.LineNumber.Should().Be(expected.Length);
        }

        [Fact]
        public void reads_a_line_far_longer_than_its_buffer()
        {
            // Given a 200,000-character line between two short ones
            var longLine = new string('x', 200_000);
            var lines = new DumpLineReader(new TrickleReader($"a\n{longLine}\nb", 5_000));

            // When
            var read = new List<string>();
            while (lines.TryReadLine(out var line))
            {
                read.Add(line.ToString());
            }

            // Then
            read.Should().Equal("a", longLine, "b");
        }

        [Fact]
        public void the_text_store_gives_back_every_line_across_chunks_and_oversized_lines()
        {
            // Given lines of many lengths, some longer than a 64K chunk, one empty
            var store = new DumpTextStore();
            var lines = Enumerable.Range(0, 3_000).Select(i => new string((char)('a' + (i % 26)), i % 7 == 0 ? 70_000 : i % 300)).ToList();

            // When
            var handles = lines.Select(l => store.Add(l)).ToList();

            // Then
            for (var i = 0; i < lines.Count; i++)
            {
                store.Get(handles[i], lines[i].Length).ToString().Should().Be(lines[i], $"line {i}");
            }
        }
    }

    public sealed class Iptables
    {
        [Theory]
        [InlineData(1)]
        [InlineData(13)]
        [InlineData(4096)]
        public void parses_a_trickled_reader_like_the_string(int chunk)
        {
            // Given the kernel-printed fixture and a generated 300-Service dump with counters
            foreach (var text in new[] { IptablesFixtures.WebAndEmpty, Generated.Iptables })
            {
                // When
                var fromString = IptablesSaveParser.Parse(text, "x");
                var fromReader = IptablesSaveParser.Parse(new TrickleReader(text, chunk), "x");

                // Then
                Describe(fromReader.Value).Should().Be(Describe(fromString.Value));
                fromReader.Value.Backend.Should().Be(fromString.Value.Backend);
                fromReader.Diagnostics.Select(d => (d.Message, d.Line)).Should().Equal(fromString.Diagnostics.Select(d => (d.Message, d.Line)));
            }
        }

        [Fact]
        public void reports_the_same_problems_with_the_same_lines()
        {
            // Given a dump with an undeclared chain, an unterminated quote and no COMMIT
            const string text = "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j NOPE\n-A PREROUTING -m comment --comment \"open -j ACCEPT\n-A GHOST -j ACCEPT\n";

            // When
            var fromReader = IptablesSaveParser.Parse(new TrickleReader(text, 3));

            // Then
            fromReader.Diagnostics.Select(d => (d.Message, d.Line)).Should().Equal(IptablesSaveParser.Parse(text).Diagnostics.Select(d => (d.Message, d.Line)));
            fromReader.Diagnostics.Should().Contain(d => d.Message.Contains("no COMMIT", StringComparison.Ordinal) && d.Line == 6);
        }
    }

    public sealed class Nft
    {
        [Fact]
        public void parses_a_listing_from_a_file_stream_in_one_pass_like_the_string()
        {
            // Given the kernel's listing on disk
            var file = Path.Combine(Path.GetTempPath(), $"companion-trace-nft-{Guid.NewGuid():N}.txt");
            File.WriteAllText(file, NftFixtures.KernelPrinted);
            try
            {
                // When
                using var reader = new StreamReader(file);
                var fromFile = NftRulesetParser.Parse(reader, "f");

                // Then
                fromFile.Diagnostics.Should().BeEmpty();
                Describe(fromFile.Value).Should().Be(Describe(NftRulesetParser.Parse(NftFixtures.KernelPrinted, "f").Value));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void rewinds_a_file_for_text_that_is_not_a_listing()
        {
            // Given nft -f input in "add" command form (the listing reader gives up on it at its first line)
            var text = string.Join('\n',
                "add table ip kube-proxy { comment \"rules for kube-proxy\" ; }",
                "add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }",
                "add chain ip kube-proxy services",
                "add rule ip kube-proxy nat-prerouting jump services",
                "add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }",
                "add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips",
                "add chain ip kube-proxy endpoint-A",
                "add rule ip kube-proxy endpoint-A meta l4proto tcp dnat to 10.180.0.1:80",
                "add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto endpoint-A }");
            var file = Path.Combine(Path.GetTempPath(), $"companion-trace-nft-{Guid.NewGuid():N}.txt");
            File.WriteAllText(file, text);
            try
            {
                // When
                using var reader = new StreamReader(file);
                var fromFile = NftRulesetParser.Parse(reader);
                var trace = NftTracer.Trace(fromFile.Value, new PacketSpec("10.0.0.2", "172.30.0.41", "tcp", 80));

                // Then
                fromFile.Diagnostics.Should().BeEmpty();
                Describe(fromFile.Value).Should().Be(Describe(NftRulesetParser.Parse(text).Value));
                trace.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.180.0.1:80");
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void rewinds_a_file_with_a_byte_order_mark_without_reading_the_mark_as_text()
        {
            // Given "add" commands in a UTF-8 file with a BOM (the token reader reads it after the rewind)
            const string text = "add table ip t\nadd chain ip t c { type nat hook prerouting priority -100 ; }\nadd rule ip t c meta l4proto tcp dnat to 10.0.0.9:80\n";
            var file = Path.Combine(Path.GetTempPath(), $"companion-trace-nft-{Guid.NewGuid():N}.txt");
            File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            try
            {
                // When
                using var reader = new StreamReader(file);
                var parsed = NftRulesetParser.Parse(reader);

                // Then
                parsed.Diagnostics.Should().BeEmpty();
                parsed.Value.Tables.Single().Chains["c"].Rules.Should().ContainSingle().Which.Text.Should().Be("meta l4proto tcp dnat to 10.0.0.9:80");
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(17)]
        public void parses_a_trickled_reader_that_cannot_rewind_like_the_string(int chunk)
        {
            // Given the generator's 300-Service ruleset and the kernel's listing
            foreach (var text in new[] { Generated.Nft, NftFixtures.KernelPrinted })
            {
                // When
                var fromReader = NftRulesetParser.Parse(new TrickleReader(text, chunk));

                // Then
                Describe(fromReader.Value).Should().Be(Describe(NftRulesetParser.Parse(text).Value));
            }
        }
    }

    private static class Generated
    {
        private static readonly Lazy<string> IptablesText = new(() => Render(nft: false));
        private static readonly Lazy<string> NftText = new(() => Render(nft: true));

        public static string Iptables => IptablesText.Value;

        public static string Nft => NftText.Value;

        private static string Render(bool nft)
        {
            var services = Enumerable.Range(0, 300).Select(i => Model.ModelScenario.Service($"svc{i}", $"10.96.{i / 250}.{(i % 250) + 1}", Model.ModelScenario.Port("http", 80))).ToList();
            var slices = Enumerable.Range(0, 300).Select(i => Model.ModelScenario.Slice($"svc{i}", [Model.ModelScenario.SlicePort("http", 8080)],
                Model.ModelScenario.Endpoint($"10.244.{i / 80}.{(i % 80 * 3) + 1}"), Model.ModelScenario.Endpoint($"10.244.{i / 80}.{(i % 80 * 3) + 2}"))).ToList();
            var snapshot = Model.ModelScenario.Snapshot(services, slices);
            return nft
                ? KubeProxyNftGenerator.Generate(snapshot, Model.ModelScenario.Options())
                : KubeProxyIptablesGenerator.Generate(snapshot, Model.ModelScenario.Options());
        }
    }
}
