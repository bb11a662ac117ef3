using Companion.Core.Diagnostics;
using Companion.Core.Proxy;
using CsCheck;

namespace Companion.Core.Tests.Proxy.Nft;

public sealed class NftRulesetParserTests
{
    public sealed class On_text_the_kernel_printed
    {
        private static readonly ParseResult<NftRuleset> Parsed = NftRulesetParser.Parse(NftFixtures.KernelPrinted);

        [Fact]
        public void reads_it_without_any_diagnostic()
        {
            // Given the kernel's own listing / When parsed / Then
            Parsed.Diagnostics.Should().BeEmpty();
            Parsed.Value.Tables.Should().ContainSingle().Which.Key.Should().Be("ip kube-proxy");
        }

        [Fact]
        public void resolves_symbolic_base_chain_priorities()
        {
            // Given the kernel prints "dstnat - 10" and "srcnat" for what the generator wrote as -110 and 100
            var chains = Parsed.Value.Tables[0].Chains;

            // Then
            chains["filter-prerouting"].Should().Match<NftChain>(c => c.Hook == "prerouting" && c.Priority == -110 && c.Type == "filter");
            chains["nat-prerouting"].Priority.Should().Be(-100);
            chains["nat-postrouting"].Priority.Should().Be(100);
            chains["nat-postrouting"].Policy.Should().Be("accept");
            chains["services"].IsBaseChain.Should().BeFalse();
        }

        [Fact]
        public void reads_multi_line_map_elements_with_their_values_comments_and_lines()
        {
            // Given / When
            var sets = Parsed.Value.Tables[0].Sets;
            var serviceIps = sets["service-ips"];
            var noEndpoints = sets["no-endpoint-services"];

            // Then
            serviceIps.IsMap.Should().BeTrue();
            serviceIps.DataType.Should().Be("verdict");
            serviceIps.Elements.Should().HaveCount(4);
            var web = serviceIps.Elements.Single(e => e.Key[0] == "10.96.0.10");
            web.Key.Should().Equal("10.96.0.10", "tcp", "80");
            web.Value.Should().Be("goto service-AXK6CI2C-demo/web/tcp/http");
            web.LineNumber.Should().Be(NftFixtures.LineOf(NftFixtures.KernelPrinted, "10.96.0.10 . tcp . 80 : goto"));
            noEndpoints.Elements.Single(e => e.Comment == "demo/empty").Value.Should().Be("goto reject-chain");
            sets["cluster-ips"].Elements.Select(e => e.Key[0]).Should().BeEquivalentTo(["10.96.0.10", "10.96.0.11", "10.96.0.12"]);
            sets["affinity-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080"].Flags.Should().Contain(["dynamic", "timeout"]);
        }

        [Fact]
        public void keeps_rule_text_without_the_handle_comment_and_with_its_line()
        {
            // Given
            var rule = Parsed.Value.Tables[0].Chains["cluster-ips-check"].Rules.Single();

            // Then
            rule.Text.Should().Be("ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"");
            rule.Comment.Should().Be("Reject traffic to invalid ports of ClusterIPs");
            rule.LineNumber.Should().Be(NftFixtures.LineOf(NftFixtures.KernelPrinted, "ip daddr @cluster-ips reject"));
        }
    }

    public sealed class On_nft_input
    {
        [Fact]
        public void the_listing_fast_path_and_the_token_reader_agree()
        {
            // Given the kernel listing, and the same text behind a command that only the token reader accepts
            var fast = NftRulesetParser.Parse(NftFixtures.KernelPrinted, checkEveryRule: true).Value.Tables.Single();
            var slow = NftRulesetParser.Parse("flush ruleset\n" + NftFixtures.KernelPrinted, checkEveryRule: true).Value.Tables.Single();

            // Then (line numbers shift by the one added line)
            slow.Chains.Keys.Should().BeEquivalentTo(fast.Chains.Keys);
            foreach (var (name, chain) in fast.Chains)
            {
                var other = slow.Chains[name];
                (other.Type, other.Hook, other.Priority, other.Policy).Should().Be((chain.Type, chain.Hook, chain.Priority, chain.Policy));
                other.Rules.Select(r => (r.Text, r.Comment, r.LineNumber - 1)).Should().Equal(chain.Rules.Select(r => (r.Text, r.Comment, r.LineNumber)));
            }

            slow.Sets.Keys.Should().BeEquivalentTo(fast.Sets.Keys);
            foreach (var (name, set) in fast.Sets)
            {
                slow.Sets[name].Elements.Select(e => (string.Join(" . ", e.Key), e.Value, e.Comment, e.LineNumber - 1))
                    .Should().Equal(set.Elements.Select(e => (string.Join(" . ", e.Key), e.Value, e.Comment, e.LineNumber)));
                (slow.Sets[name].KeyType, slow.Sets[name].DataType, slow.Sets[name].Timeout).Should().Be((set.KeyType, set.DataType, set.Timeout));
            }
        }

        [Fact]
        public void reads_kube_proxy_style_add_commands()
        {
            // Given the transaction form kube-proxy hands to nft -f
            const string text = """
                add table ip kube-proxy { comment "rules for kube-proxy" ; }
                add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
                add chain ip kube-proxy services
                add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP traffic" ; }
                add rule ip kube-proxy nat-prerouting jump services
                add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
                add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
                add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
                add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
                add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
                add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
                """;

            // When
            var parsed = NftRulesetParser.Parse(text);
            var trace = NftTracer.Trace(parsed.Value, new PacketSpec("10.0.0.2", "172.30.0.41", "tcp", 80));

            // Then
            parsed.Diagnostics.Should().BeEmpty();
            var table = parsed.Value.Tables.Single();
            table.Comment.Should().Be("rules for kube-proxy");
            table.Chains["nat-prerouting"].Priority.Should().Be(-100);
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.180.0.1:80");
            trace.ServiceName.Should().Be("ns1/svc1:p80");
        }

        [Fact]
        public void reports_a_rule_it_cannot_evaluate_with_its_line_and_keeps_going()
        {
            // Given a rule using an expression the tracer does not evaluate
            const string text = "table ip t {\n\tchain c {\n\t\ttype filter hook prerouting priority 0; policy accept;\n\t\tip dscp cs1 drop\n\t\tip daddr 10.0.0.1 drop\n\t}\n}\n";

            // When
            var parsed = NftRulesetParser.Parse(text, "rules.nft", checkEveryRule: true);
            var lazy = NftRulesetParser.Parse(text, "rules.nft");
            var trace = NftTracer.Trace(lazy.Value, new PacketSpec("10.1.1.1", "10.0.0.1", "tcp", 80));

            // Then
            lazy.Diagnostics.Should().BeEmpty("rules compile on first use");
            trace.Diagnostics.Should().ContainSingle(d => d.Line == 4 && d.Message.Contains("dscp"));
            parsed.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
                d.Line == 4 && d.Severity == DiagnosticSeverity.Warning && d.Source == "rules.nft" && d.Message.Contains("dscp"));
            parsed.Value.Tables[0].Chains["c"].Rules.Should().HaveCount(2);
            NftTracer.Trace(parsed.Value, new PacketSpec("10.1.1.1", "10.0.0.1", "tcp", 80)).Verdict.Should().Be(TraceVerdict.Drop);
        }

        [Fact]
        public void never_throws_on_arbitrary_or_truncated_text()
        {
            // Given any text, including every prefix of the kernel listing
            var kernel = NftFixtures.KernelPrinted;
            Gen.Int[0, kernel.Length].Sample(cut =>
            {
                // When / Then
                var parsed = NftRulesetParser.Parse(kernel[..cut]);
                parsed.Value.Should().NotBeNull();
            }, iter: 300);
            Gen.String[Gen.Char["{};\"# abcipdtr0123.:@/-\n"], 0, 200].Sample(text => NftRulesetParser.Parse(text).Value.Should().NotBeNull(), iter: 2000);
        }
    }
}
