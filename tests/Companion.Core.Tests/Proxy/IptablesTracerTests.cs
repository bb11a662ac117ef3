using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy;

public sealed class IptablesTracerTests
{
    private const string ClusterIp = "10.96.0.10";
    private const string Pod = "10.244.1.20";

    private static readonly IptablesRuleset Rules = IptablesSaveParser.Parse(IptablesFixtures.WebAndEmpty).Value;

    private static ServiceTrace Trace(string src, string dst, int port, PacketEntry entry = PacketEntry.Network, string protocol = "tcp") =>
        IptablesTracer.Trace(Rules, new PacketSpec(src, dst, protocol, port, entry, [ProxyScenario.NodeIp, "10.244.1.1"]));

    public sealed class ClusterIp_traffic
    {
        [Fact]
        public void a_pod_reaches_each_of_three_endpoints_with_one_third_and_no_masquerade()
        {
            // Given / When
            var trace = Trace(Pod, ClusterIp, 80);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Method.Should().Be("iptables-save");
            trace.ServiceName.Should().Be("demo/web:http");
            trace.Targets.Select(t => t.Endpoint).Should().Equal("10.244.1.10:8080", "10.244.1.9:8080", "10.244.2.5:8080");
            trace.Targets.Should().AllSatisfy(t => t.Probability.Should().BeApproximately(1.0 / 3, 1e-9));
            trace.Targets.Should().OnlyContain(t => !t.Masquerade && t.Chain!.StartsWith("KUBE-SEP-", StringComparison.Ordinal));
            trace.Chains.Take(2).Should().Equal("KUBE-SERVICES", "KUBE-SVC-XRY76EGRC3BSCIIJ");
            trace.Diagnostics.Should().BeEmpty();
        }

        [Fact]
        public void the_hits_point_at_the_exact_lines_of_the_dump()
        {
            // Given / When
            var trace = Trace(Pod, ClusterIp, 80);

            // Then
            var capture = trace.Hits.Single(h => h.Chain == "KUBE-SERVICES");
            capture.LineNumber.Should().Be(IptablesSaveParserTests.LineOf(IptablesFixtures.WebAndEmpty, "\"demo/web:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC"));
            capture.Action.Should().Be("KUBE-SVC-XRY76EGRC3BSCIIJ");
            trace.Hits.Should().Contain(h => h.Action == "DNAT 10.244.2.5:8080");
            trace.Hits.Should().NotContain(h => h.Chain == "KUBE-MARK-MASQ");
            foreach (var hit in trace.Hits)
            {
                IptablesFixtures.WebAndEmpty.Split('\n')[hit.LineNumber - 1].Should().Contain(hit.RuleText);
            }
        }

        [Fact]
        public void the_node_itself_is_masqueraded_because_it_is_outside_the_cluster_cidr()
        {
            // Given / When
            var trace = Trace(ProxyScenario.NodeIp, ClusterIp, 80, PacketEntry.Local);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().HaveCount(3).And.OnlyContain(t => t.Masquerade);
            trace.Chains.Should().Contain("KUBE-MARK-MASQ");
        }

        [Fact]
        public void a_pod_calling_its_own_service_is_masqueraded_only_when_it_lands_on_itself()
        {
            // Given / When
            var trace = Trace("10.244.1.10", ClusterIp, 80);

            // Then
            trace.Targets.Single(t => t.Masquerade).Endpoint.Should().Be("10.244.1.10:8080");
            trace.Targets.Where(t => !t.Masquerade).Should().HaveCount(2);
        }

        [Fact]
        public void a_port_the_service_does_not_serve_is_forwarded_without_nat()
        {
            // Given / When
            var trace = Trace(Pod, ClusterIp, 81);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Accept);
            trace.Targets.Should().BeEmpty();
            trace.Reason.Should().Contain("no NAT");
        }

        [Fact]
        public void the_wrong_protocol_is_forwarded_without_nat()
        {
            // Given / When
            var trace = Trace(Pod, ClusterIp, 80, protocol: "udp");

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Accept);
        }
    }

    public sealed class Without_endpoints
    {
        [Fact]
        public void traffic_is_rejected_by_the_filter_table_and_the_reason_names_the_line()
        {
            // Given / When
            var trace = Trace(Pod, "10.96.0.11", 80);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Reject);
            var line = IptablesSaveParserTests.LineOf(IptablesFixtures.WebAndEmpty, "demo/empty has no endpoints");
            trace.Reason.Should().Contain("filter KUBE-SERVICES").And.Contain($"line {line}").And.Contain("has no endpoints");
            trace.Hits.Should().Contain(h => h.Table == "filter" && h.LineNumber == line && h.Action == "REJECT");
            trace.ServiceName.Should().Be("demo/empty");
            trace.Chains.Should().Contain("KUBE-SERVICES");
        }

        [Fact]
        public void another_port_of_the_same_cluster_ip_is_not_rejected()
        {
            // Given / When
            var trace = Trace(Pod, "10.96.0.11", 443);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Accept);
        }
    }

    public sealed class NodePort_traffic
    {
        [Fact]
        public void an_external_client_on_the_node_port_is_dnatted_and_masqueraded()
        {
            // Given / When
            var trace = Trace("192.168.50.99", ProxyScenario.NodeIp, 30080);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().HaveCount(3).And.OnlyContain(t => t.Masquerade);
            trace.Chains.Should().ContainInOrder("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXT-XRY76EGRC3BSCIIJ", "KUBE-SVC-XRY76EGRC3BSCIIJ");
        }

        [Fact]
        public void the_node_port_on_an_address_that_is_not_local_is_not_translated()
        {
            // Given / When
            var trace = Trace("192.168.50.99", "192.168.50.77", 30080);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Accept);
        }
    }

    public sealed class Inputs
    {
        [Fact]
        public void an_ipv6_packet_is_reported_not_traced()
        {
            // Given / When
            var trace = Trace("fd00::1", "fd00::2", 80);

            // Then
            trace.Diagnostics.Should().ContainSingle(d => d.Message.Contains("IPv4", StringComparison.Ordinal));
            trace.Targets.Should().BeEmpty();
        }
    }
}
