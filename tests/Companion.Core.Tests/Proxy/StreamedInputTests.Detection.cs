using Companion.Core.Proxy;
using Companion.Core.Tests.Proxy.Ipvs;
using Companion.Core.Tests.Proxy.Nft;

namespace Companion.Core.Tests.Proxy;

/// <summary>Streamed IPVS parsing, format detection and what a dump trace reports.</summary>
public sealed partial class StreamedInputTests
{
    public sealed class Ipvs_and_detection
    {
        [Fact]
        public void the_ipvs_parser_reads_a_trickled_reader_like_the_string()
        {
            // Given
            var text = IpvsFixtures.Full;

            // When
            var fromReader = IpvsDumpParser.Parse(new TrickleReader(text, 7), "n").Value;
            var fromString = IpvsDumpParser.Parse(text, "n").Value;

            // Then
            fromReader.VirtualServices.Select(v => (v.Endpoint, v.RealServers.Count, v.LineNumber)).Should().Equal(fromString.VirtualServices.Select(v => (v.Endpoint, v.RealServers.Count, v.LineNumber)));
            fromReader.Ipsets.Select(s => (s.Name, s.Members.Count)).Should().Equal(fromString.Ipsets.Select(s => (s.Name, s.Members.Count)));
            fromReader.Glue.Select(g => (g.LineNumber, g.Text)).Should().Equal(fromString.Glue.Select(g => (g.LineNumber, g.Text)));
        }

        [Fact]
        public void detection_reads_to_the_end_so_a_late_ipvs_marker_still_wins()
        {
            // Given iptables glue first and the ipvsadm listing last
            var text = IpvsFixtures.Glue + "\n" + IpvsFixtures.ListNumeric;

            // When / Then
            RuleFormatDetector.Detect(new TrickleReader(text, 11)).Should().Be(RuleFormat.Ipvs);
            RuleFormatDetector.Detect(new TrickleReader(IptablesFixtures.WebAndEmpty, 11)).Should().Be(RuleFormat.IptablesSave);
            RuleFormatDetector.Detect(new TrickleReader(NftFixtures.KernelPrinted, 11)).Should().Be(RuleFormat.Nft);
            RuleFormatDetector.Detect(new TrickleReader("hello\nworld\n", 11)).Should().BeNull();
        }

        [Fact]
        public void the_dump_tracer_opens_a_reader_to_detect_and_one_to_parse()
        {
            // Given
            var opened = 0;
            TextReader Open()
            {
                opened++;
                return new TrickleReader(IptablesFixtures.WebAndEmpty, 64);
            }

            // When
            var (trace, error) = RuleDumpTracer.Trace(Open, null, new PacketSpec("10.244.1.20", "10.96.0.10", "tcp", 80));

            // Then
            error.Should().BeNull();
            opened.Should().Be(2);
            trace!.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().HaveCount(3);
        }
    }

    public sealed class Dump_tracer_diagnostics
    {
        [Fact]
        public void lists_the_problems_of_rules_the_walk_read_but_not_of_rules_it_skipped()
        {
            // Given two bad jumps in nat KUBE-SERVICES ahead of the Service's rule: one for another ClusterIP (its
            // "-d" cannot match, so the walk skips it undecoded), one without "-d" (the walk reads it)
            const string serviceRule = "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp";
            var at = IptablesFixtures.WebAndEmpty.IndexOf(serviceRule, StringComparison.Ordinal);
            var text = IptablesFixtures.WebAndEmpty[..at]
                + "-A KUBE-SERVICES -d 10.96.9.99/32 -p tcp -j KUBE-NOPE-FAR\n-A KUBE-SERVICES -p udp -j KUBE-NOPE-NEAR\n"
                + IptablesFixtures.WebAndEmpty[at..];

            // When
            var (trace, _) = RuleDumpTracer.Trace(text, RuleFormat.IptablesSave, new PacketSpec("10.244.1.20", "10.96.0.10", "tcp", 80));

            // Then
            trace!.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Diagnostics.Should().Contain(d => d.Message.Contains("KUBE-NOPE-NEAR", StringComparison.Ordinal));
            trace.Diagnostics.Should().NotContain(d => d.Message.Contains("KUBE-NOPE-FAR", StringComparison.Ordinal));
            IptablesSaveParser.Parse(text).Diagnostics.Should().Contain(d => d.Message.Contains("KUBE-NOPE-FAR", StringComparison.Ordinal), "the parser's own list has every rule's problems");
        }
    }
}
