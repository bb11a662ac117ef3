using Companion.Core.Diagnostics;
using Companion.Core.Dns;

namespace Companion.Core.Tests.Dns;

public sealed class ResolvConfParserTests
{
    public sealed class A_kubelet_written_file
    {
        [Fact]
        public void gives_nameserver_search_and_ndots_without_diagnostics()
        {
            // Given
            const string text = "search demo.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";

            // When
            var result = ResolvConfParser.Parse(text, "pod");

            // Then
            result.Diagnostics.Should().BeEmpty();
            result.Value.Nameservers.Should().Equal("10.96.0.10");
            result.Value.Search.Should().Equal("demo.svc.cluster.local", "svc.cluster.local", "cluster.local");
            result.Value.Ndots.Should().Be(5);
            result.Value.TimeoutSeconds.Should().Be(5);
            result.Value.Attempts.Should().Be(2);
        }

        [Fact]
        public void reads_every_boolean_option()
        {
            // Given
            const string text = "nameserver 1.1.1.1\noptions rotate single-request single-request-reopen use-vc edns0 trust-ad timeout:1 attempts:3\n";

            // When
            var conf = ResolvConfParser.Parse(text).Value;

            // Then
            conf.Should().BeEquivalentTo(new { Rotate = true, SingleRequest = true, SingleRequestReopen = true, UseVc = true, Edns0 = true, TrustAd = true, TimeoutSeconds = 1, Attempts = 3 });
        }

        [Fact]
        public void round_trips_through_its_file_text()
        {
            // Given
            var conf = ResolvConf.ClusterFirst("10.96.0.10", "demo") with { UseVc = true, TimeoutSeconds = 1 };

            // When
            var again = ResolvConfParser.Parse(conf.ToFileText()).Value;

            // Then
            again.Should().BeEquivalentTo(conf);
        }
    }

    public sealed class Glibc_limits
    {
        [Fact]
        public void keeps_three_nameservers_and_warns_about_the_fourth()
        {
            // Given
            const string text = "nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n";

            // When
            var result = ResolvConfParser.Parse(text, "f");

            // Then
            result.Value.Nameservers.Should().Equal("10.0.0.1", "10.0.0.2", "10.0.0.3");
            result.Diagnostics.Should().ContainSingle().Which.Should().Be(Diagnostic.Warn("nameserver 10.0.0.4 ignored: glibc uses at most 3", "f", 4));
        }

        [Theory]
        [InlineData("options ndots:20", 15, 5, 2)]
        [InlineData("options timeout:99", 1, 30, 2)]
        [InlineData("options attempts:9", 1, 5, 5)]
        public void caps_numbers_like_glibc_and_says_so(string line, int ndots, int timeout, int attempts)
        {
            // Given / When
            var result = ResolvConfParser.Parse("nameserver 10.0.0.1\n" + line);

            // Then
            result.Value.Should().BeEquivalentTo(new { Ndots = ndots, TimeoutSeconds = timeout, Attempts = attempts });
            result.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("capped");
        }

        [Fact]
        public void the_last_search_or_domain_line_wins()
        {
            // Given / When
            var search = ResolvConfParser.Parse("search a.example b.example\ndomain c.example\n").Value.Search;
            var search2 = ResolvConfParser.Parse("domain c.example\nsearch a.example b.example\n").Value.Search;

            // Then
            search.Should().Equal("c.example");
            search2.Should().Equal("a.example", "b.example");
        }
    }

    public sealed class Odd_input
    {
        [Fact]
        public void unknown_lines_and_options_become_warnings_with_line_numbers()
        {
            // Given
            const string text = "# comment\n; comment\nnameserver 10.0.0.1\nlookup file bind\noptions ndots:x frobnicate\n";

            // When
            var result = ResolvConfParser.Parse(text, "r.conf");

            // Then
            result.IsValid.Should().BeTrue();
            result.Diagnostics.Select(d => (d.Line, d.Severity)).Should().Equal(
                (4, DiagnosticSeverity.Warning), (5, DiagnosticSeverity.Warning), (5, DiagnosticSeverity.Warning));
            result.Value.Ndots.Should().Be(1);
        }

        [Fact]
        public void a_bad_nameserver_is_skipped_and_an_empty_file_means_localhost()
        {
            // Given / When
            var result = ResolvConfParser.Parse("nameserver not-an-ip\n");

            // Then
            result.Value.Nameservers.Should().Equal("127.0.0.1");
            result.Diagnostics.Should().HaveCount(2);
        }

        [Fact]
        public void never_throws_on_random_text()
        {
            // Given
            var random = new Random(42);
            var alphabet = "nameserver search options ndots:: \n\t#;.:[]0123456789abc".ToCharArray();

            for (var i = 0; i < 500; i++)
            {
                var text = new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

                // When
                var result = ResolvConfParser.Parse(text);

                // Then
                result.Value.Nameservers.Should().NotBeEmpty();
            }
        }

        [Theory]
        [InlineData("10.0.0.1", "10.0.0.1", 53)]
        [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
        [InlineData("[fd00::1]:5353", "fd00::1", 5353)]
        [InlineData("fd00::1", "fd00::1", 53)]
        public void server_endpoints_parse_ip_and_port(string text, string address, int port)
        {
            // Given / When
            var ok = DnsServerEndpoint.TryParse(text, out var endpoint, out _);

            // Then
            ok.Should().BeTrue();
            endpoint.Should().Be(new DnsServerEndpoint(address, port));
        }

        [Theory]
        [InlineData("")]
        [InlineData("dns.example")]
        [InlineData("10.0.0.1:0")]
        [InlineData("10.0.0.1:99999")]
        [InlineData("[fd00::1")]
        public void bad_server_endpoints_are_rejected_with_a_message(string text)
        {
            // Given / When
            var ok = DnsServerEndpoint.TryParse(text, out var endpoint, out var error);

            // Then
            ok.Should().BeFalse();
            endpoint.Should().BeNull();
            error.Should().NotBeEmpty();
        }
    }
}
