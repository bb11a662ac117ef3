using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Ipvs;

/// <summary>The one entry point (used by `companion trace` and `#!trace`) on IPVS dumps written from the spec (no ip_vs in this kernel).</summary>
public sealed class RuleDumpTracerIpvsTests
{
    public sealed class Format_detection
    {
        [Theory]
        [InlineData("ipvsadm first")]
        [InlineData("ipsets first")]
        [InlineData("glue first")]
        public void finds_an_ipvs_dump_whatever_part_comes_first(string order)
        {
            // Given
            var text = order switch
            {
                "ipvsadm first" => IpvsFixtures.ListNumeric + "\n" + IpvsFixtures.Ipsets + "\n" + IpvsFixtures.Glue,
                "ipsets first" => IpvsFixtures.Ipsets + "\n" + IpvsFixtures.ListNumeric + "\n" + IpvsFixtures.Glue,
                _ => IpvsFixtures.Glue + "\n" + IpvsFixtures.Ipsets + "\n" + IpvsFixtures.ListNumeric,
            };

            // When
            var format = RuleFormatDetector.Detect(text);

            // Then
            format.Should().Be(RuleFormat.Ipvs);
        }

        [Fact]
        public void still_reads_plain_iptables_save_as_iptables()
        {
            // Given the glue alone (no ipvsadm, no ipset) is an ordinary iptables-save dump
            var text = IpvsFixtures.Glue;

            // When
            var format = RuleFormatDetector.Detect(text);

            // Then
            format.Should().Be(RuleFormat.IptablesSave);
        }
    }

    public sealed class Tracing
    {
        [Fact]
        public void traces_an_ipvs_dump_to_its_real_servers()
        {
            // Given
            var packet = new PacketSpec("10.244.1.5", "10.96.30.40", "tcp", 80, PacketEntry.Network, ["192.168.49.2"]);

            // When
            var (trace, error) = RuleDumpTracer.Trace(IpvsFixtures.Full, format: null, packet, "node.txt");

            // Then
            error.Should().BeNull();
            trace!.Method.Should().Be("ipvs");
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Select(t => t.Endpoint).Should().BeEquivalentTo("10.244.1.10:8080", "10.244.1.11:8080", "10.244.2.7:8080");
            trace.Targets.Sum(t => t.Probability).Should().BeApproximately(1.0, 1e-9);
        }
    }
}
