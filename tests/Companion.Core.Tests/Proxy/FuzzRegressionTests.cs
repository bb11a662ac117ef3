using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy;

/// <summary>
/// Inputs the fuzzer (slot fuzz, /work/helpers/s2/fuzz-findings.md F1–F4) found to crash a parser or tracer: each now
/// gives a trace and a diagnostic with its line instead of an exception.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly PacketSpec Packet = new("10.244.1.5", "10.96.0.10", "tcp", 53);

    public sealed class Ipvs
    {
        [Fact]
        public void a_connection_counter_wider_than_64_bits_is_a_warning_not_an_overflow()
        {
            // Given (F1)
            const string text = "TCP  10.96.0.10:53 rr\n  -> 10.244.0.3:53                Masq    1      0          99999999999999999999\n";

            // When
            var parsed = IpvsDumpParser.Parse(text);
            var (trace, error) = RuleDumpTracer.Trace(text, RuleFormat.Ipvs, Packet);

            // Then
            parsed.Diagnostics.Should().ContainSingle(d => d.Message.Contains("does not fit 64 bits", StringComparison.Ordinal) && d.Line == 2);
            parsed.Value.VirtualServices.Single().RealServers.Single().InactiveConnections.Should().Be(long.MaxValue);
            error.Should().BeNull();
            trace!.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.244.0.3:53");
        }

        [Fact]
        public void a_firewall_mark_that_is_not_a_number_is_a_warning()
        {
            // Given (F2)
            const string text = "FWM t w";

            // When
            var parsed = IpvsDumpParser.Parse(text);
            var (trace, _) = RuleDumpTracer.Trace(text, RuleFormat.Ipvs, Packet);

            // Then
            parsed.Diagnostics.Should().Contain(d => d.Message.Contains("firewall mark 't' is not a number", StringComparison.Ordinal) && d.Line == 1);
            parsed.Value.VirtualServices.Should().BeEmpty();
            trace.Should().NotBeNull();
        }

        [Fact]
        public void weights_past_ipvsadm_range_are_clamped_and_the_shares_still_add_up()
        {
            // Given (F3): weights summing past int.MaxValue
            const string text = "TCP 10.96.0.10:53 rr\n-> 10.244.0.2:53 Masq 1 0 0\n-> 10.244.0.3:53 Masq 2147483647 0 0\n";

            // When
            var (trace, error) = RuleDumpTracer.Trace(text, RuleFormat.Ipvs, Packet);

            // Then
            error.Should().BeNull();
            trace!.Diagnostics.Should().Contain(d => d.Message.Contains("outside ipvsadm's 0–65535", StringComparison.Ordinal) && d.Line == 3);
            trace.Targets.Sum(t => t.Probability).Should().BeApproximately(1.0, 1e-9);
            trace.Targets.Single(t => t.Endpoint == "10.244.0.3:53").Probability.Should().BeApproximately(65535.0 / 65536, 1e-9);
        }
    }

    public sealed class Nft
    {
        [Theory]
        [InlineData("0x99999999999999999999")]
        [InlineData("r")]
        public void a_mark_it_cannot_read_makes_the_rule_not_evaluated_instead_of_throwing_mid_trace(string mark)
        {
            // Given (F4)
            var text = $"table ip nat {{\n\tchain PREROUTING {{\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tmeta mark & 0x00004000 != {mark} counter\n\t}}\n}}\n";

            // When
            var parsed = NftRulesetParser.Parse(text, checkEveryRule: true);
            var (trace, error) = RuleDumpTracer.Trace(text, null, Packet);

            // Then
            parsed.Diagnostics.Should().ContainSingle(d => d.Message.Contains("cannot be evaluated", StringComparison.Ordinal) && d.Line == 4);
            error.Should().BeNull();
            trace!.Verdict.Should().Be(TraceVerdict.Accept);
            trace.Diagnostics.Should().Contain(d => d.Line == 4);
        }
    }
}
