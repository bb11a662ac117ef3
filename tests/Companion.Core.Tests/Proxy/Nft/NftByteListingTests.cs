using System.Text;
using System.Text.RegularExpressions;
using Companion.Core.Proxy;
using CsCheck;

namespace Companion.Core.Tests.Proxy.Nft;

/// <summary>
/// The byte listing reader (lazy chains, rules and elements over the dump's UTF-8 bytes) against the text readers that
/// parsed every nft dump before it (<see cref="NftRulesetParser.ParseText"/>): the same tables, chains, rules, sets,
/// elements, lines and diagnostics, and the same traces, on the fixtures, the generator's text and awkward variants.
/// </summary>
public sealed partial class NftByteListingTests
{
    private static readonly string Listing = NftFixtures.KernelPrinted;

    private static void ShouldReadLikeTheTextReaders(string text, bool viaStream = false, bool expectBytePath = true)
    {
        // When
        var expected = NftRulesetParser.ParseText(text, "rules.nft", checkEveryRule: false);
        var actual = viaStream
            ? NftRulesetParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "rules.nft")
            : NftRulesetParser.Parse(text, "rules.nft");

        // Then (the byte reader really read it, and nothing differs: structure, lines, diagnostics, traces)
        if (expectBytePath)
        {
            actual.Value.Tables.Should().AllSatisfy(t => t.Chains.Should().BeOfType<NftLazyChains>());
        }

        var (expectedTraces, actualTraces) = NftDifferential.Traces(text, expected.Value, actual.Value);
        actualTraces.Should().Equal(expectedTraces);
        NftDifferential.Describe(actual).Should().Be(NftDifferential.Describe(expected));
    }

    public sealed class Same_as_the_text_readers
    {
        [Fact]
        public void on_the_kernel_listing_with_handles() => ShouldReadLikeTheTextReaders(Listing);

        [Fact]
        public void on_the_kernel_listing_without_handles() => ShouldReadLikeTheTextReaders(WithoutHandles(Listing));

        [Fact]
        public void on_the_generator_text_of_forty_services_with_affinity_udp_and_no_endpoints()
        {
            ShouldReadLikeTheTextReaders(NftDifferential.Generated());
            ShouldReadLikeTheTextReaders(NftDifferential.Generated(), viaStream: true);
        }

        [Fact]
        public void from_a_stream_with_a_byte_order_mark() =>
            ShouldReadLikeTheTextReaders("\uFEFF" + Listing, viaStream: true);

        [Fact]
        public void with_crlf_line_ends()
        {
            ShouldReadLikeTheTextReaders(Listing.Replace("\n", "\r\n", StringComparison.Ordinal));
            ShouldReadLikeTheTextReaders(Listing.Replace("\n", "\r\n", StringComparison.Ordinal), viaStream: true);
        }

        [Fact]
        public void with_utf8_comments_on_the_table_rules_and_elements()
        {
            // Given non-ASCII text in every kind of comment (the elements' line then cannot use the byte index)
            var text = Listing
                .Replace("rules for kube-proxy", "règles pour kube-proxy ✓", StringComparison.Ordinal)
                .Replace("short-circuit pod traffic", "court-circuit du trafic — pods 🚦", StringComparison.Ordinal)
                .Replace("comment \"demo/empty\"", "comment \"démo/vide\"", StringComparison.Ordinal);

            // When / Then
            ShouldReadLikeTheTextReaders(text);
            ShouldReadLikeTheTextReaders(text, viaStream: true);
            NftRulesetParser.Parse(text).Value.Tables[0].Comment.Should().Be("règles pour kube-proxy ✓");
        }

        [Fact]
        public void with_unicode_white_space_around_lines()
        {
            // Given no-break and ideographic spaces, which char.IsWhiteSpace trims and ASCII trimming would not
            var text = Listing
                .Replace("\t\tjump services", "\u3000jump services\u00A0", StringComparison.Ordinal)
                .Replace("\t\treject # handle 47", "\u00A0reject\u2028 # handle 47", StringComparison.Ordinal);

            // When / Then
            ShouldReadLikeTheTextReaders(text);
        }

        [Fact]
        public void on_every_cut_of_the_listing_and_of_its_utf8_bytes()
        {
            // Given every line end and 300 random cuts, through the string and through a truncated UTF-8 stream
            var text = Listing.Replace("short-circuit pod traffic", "court-circuit — pods", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(text);
            var cuts = Enumerable.Range(0, text.Length).Where(i => text[i] == '\n').Concat(Enumerable.Range(0, 300).Select(i => (i * 7919) % text.Length));
            foreach (var cut in cuts)
            {
                // When
                var expected = NftRulesetParser.ParseText(text[..cut], "f", checkEveryRule: true);
                var actual = NftRulesetParser.Parse(text[..cut], "f", checkEveryRule: true);
                var byteCut = Math.Min(bytes.Length, cut + 3);
                var fromBytes = NftRulesetParser.Parse(new MemoryStream(bytes, 0, byteCut), "f", checkEveryRule: true);

                // Then
                NftDifferential.Describe(actual).Should().Be(NftDifferential.Describe(expected), $"cut at {cut}");
                NftDifferential.Describe(fromBytes).Should().Be(
                    NftDifferential.Describe(NftRulesetParser.ParseText(Encoding.UTF8.GetString(bytes, 0, byteCut), "f", checkEveryRule: true)), $"byte cut at {byteCut}");
            }
        }

        [Fact]
        public void on_random_nft_like_text()
        {
            // Given text made of nft's punctuation and words, where the byte reader mostly gives up and sometimes does not
            Gen.String[Gen.Char["{};\"# \t\nabceilnpst0123.:@/-"], 0, 300].Sample(text =>
            {
                var withTable = "table ip t {\n\tchain c {\n" + text + "\n\t}\n}\n";
                foreach (var candidate in new[] { text, withTable })
                {
                    NftDifferential.Describe(NftRulesetParser.Parse(candidate, "f", checkEveryRule: true))
                        .Should().Be(NftDifferential.Describe(NftRulesetParser.ParseText(candidate, "f", checkEveryRule: true)));
                }
            }, iter: 500);
        }
    }

    public sealed class Set_lookups
    {
        private const string Text = """
            table ip t {
            	map exact {
            		type ipv4_addr . inet_proto . inet_service : verdict
            		elements = { 10.0.0.1 . tcp . 80 : goto a, 10.0.0.1 . tcp . 80 : goto b,
            			     10.0.0.2 . udp . 53 : drop }
            	}

            	map wide {
            		type ipv4_addr . inet_service : verdict
            		flags interval
            		elements = { 10.9.0.0/16 . 80 : drop, 172.16.0.1-172.16.0.9 . 8080 : drop,
            			     192.168.1.1 . 443 : accept }
            	}

            	set protocols {
            		type inet_proto . inet_service
            		elements = { 6 . 81, udp . 82 }
            	}

            	set named {
            		type ipv4_addr
            		elements = { 10.0.0.7 comment "seven", 10.0.0.8 }
            	}

            	chain pre {
            		type filter hook prerouting priority 0; policy accept;
            		ip daddr . meta l4proto . th dport vmap @exact
            		ip daddr . tcp dport vmap @wide
            		meta l4proto . th dport @protocols drop
            		ip daddr @named reject
            	}

            	chain a {
            		meta l4proto tcp dnat to 10.244.0.1:8080
            	}

            	chain b {
            		meta l4proto tcp dnat to 10.244.0.2:8080
            	}
            }
            """;

        [Theory]
        [InlineData("10.0.0.1", "tcp", 80)] // exact hit: the first of two equal keys wins
        [InlineData("10.0.0.2", "udp", 53)]
        [InlineData("10.0.0.2", "tcp", 53)] // exact miss in an all-plain map
        [InlineData("10.9.4.4", "tcp", 80)] // a CIDR part: the index cannot tell, the elements are read
        [InlineData("172.16.0.5", "tcp", 8080)] // a range part
        [InlineData("192.168.1.1", "tcp", 443)]
        [InlineData("1.1.1.1", "tcp", 81)] // protocol number 6
        [InlineData("1.1.1.1", "udp", 82)]
        [InlineData("10.0.0.7", "tcp", 9)] // an element with a comment: not indexed
        [InlineData("10.0.0.8", "tcp", 9)]
        public void find_what_the_text_readers_find(string destination, string protocol, int port)
        {
            // Given
            var expected = NftRulesetParser.ParseText(Text, null, checkEveryRule: true).Value;
            var actual = NftRulesetParser.Parse(Text).Value;
            var packet = new PacketSpec("10.1.1.1", destination, protocol, port);

            // When
            var trace = NftTracer.Trace(actual, packet);

            // Then
            actual.Tables[0].Chains.Should().BeOfType<NftLazyChains>();
            NftDifferential.Describe(trace).Should().Be(NftDifferential.Describe(NftTracer.Trace(expected, packet)));
        }

        [Fact]
        public void a_first_lookup_reads_only_what_it_needs_and_the_elements_stay_complete()
        {
            // Given
            var parsed = NftRulesetParser.Parse(Text).Value;
            var exact = parsed.Tables[0].Sets["exact"];

            // When
            var trace = NftTracer.Trace(parsed, new PacketSpec("10.1.1.1", "10.0.0.1", "tcp", 80));

            // Then
            trace.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.244.0.1:8080");
            trace.Hits.Should().Contain(h => h.Action == "10.0.0.1 . tcp . 80 : goto a" && h.RuleText == "ip daddr . meta l4proto . th dport vmap @exact");
            exact.Elements.Select(e => (string.Join(" . ", e.Key), e.Value, e.LineNumber)).Should().Equal(
                ("10.0.0.1 . tcp . 80", "goto a", 4), ("10.0.0.1 . tcp . 80", "goto b", 4), ("10.0.0.2 . udp . 53", "drop", 5));
        }
    }

    public sealed class Falls_back_to_the_text_readers
    {
        [Theory]
        [InlineData("add table ip t\nadd chain ip t c { type nat hook prerouting priority -100 ; }\nadd rule ip t c meta l4proto tcp dnat to 10.0.0.9:80\n")]
        [InlineData("table ip t {\n\tchain \"c x\" {\n\t\tdrop\n\t}\n}\n")] // a quoted chain name
        [InlineData("table ip t {\n\tchain c {\n\t\tdrop\n\t}\n\tchain c {\n\t\taccept\n\t}\n}\n")] // a chain listed twice
        [InlineData("table ip t {\n}\ntable ip t {\n\tchain c {\n\t\tdrop\n\t}\n}\n")] // a table listed twice
        [InlineData("table ip t {\n\tchain c {\n\t\ttype filter\n\t}\n}\n")] // a "type" line the text reader files as a rule
        public void where_the_byte_reader_gives_up_and_reads_the_same(string text)
        {
            ShouldReadLikeTheTextReaders(text, expectBytePath: false);
            ShouldReadLikeTheTextReaders(text, viaStream: true, expectBytePath: false);
        }

        [Fact]
        public void for_invalid_utf8_decoding_it_like_a_stream_reader()
        {
            // Given a listing with a byte that is not UTF-8 in a comment
            var bytes = Encoding.UTF8.GetBytes(Listing.Replace("short-circuit pod traffic", "short-circuit ~ traffic", StringComparison.Ordinal));
            bytes[Array.IndexOf(bytes, (byte)'~')] = 0xFF;

            // When
            var parsed = NftRulesetParser.Parse(new MemoryStream(bytes), "f");
            using var reader = new StreamReader(new MemoryStream(bytes));

            // Then
            NftDifferential.Describe(parsed).Should().Be(NftDifferential.Describe(NftRulesetParser.ParseText(reader.ReadToEnd(), "f", checkEveryRule: false)));
            parsed.Value.Tables[0].Chains["external-Z2OEFYZB-demo/loc/tcp/http"].Rules[0].Comment.Should().Be("short-circuit \uFFFD traffic");
        }

        [Fact]
        public void for_utf16_text_with_its_byte_order_mark()
        {
            // Given the listing saved as UTF-16 (what a StreamReader detects from the mark)
            var bytes = new UnicodeEncoding(bigEndian: false, byteOrderMark: true).GetPreamble().Concat(Encoding.Unicode.GetBytes(Listing)).ToArray();

            // When
            var parsed = NftRulesetParser.Parse(new MemoryStream(bytes), "f");

            // Then
            NftDifferential.Describe(parsed).Should().Be(NftDifferential.Describe(NftRulesetParser.ParseText(Listing, "f", checkEveryRule: false)));
        }
    }

    private static string WithoutHandles(string text) => Handle().Replace(text, "");

    [GeneratedRegex(@" # handle \d+")]
    private static partial Regex Handle();
}
