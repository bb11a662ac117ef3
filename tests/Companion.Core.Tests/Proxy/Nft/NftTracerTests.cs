using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Nft;

/// <summary>The tracer on the kernel-printed listing of <see cref="NftFixtures.Scenario"/> (node IP 192.168.50.1).</summary>
public sealed class NftTracerTests
{
    private static readonly NftRuleset Rules = NftRulesetParser.Parse(NftFixtures.KernelPrinted).Value;
    private static readonly string[] NodeIps = ["192.168.50.1"];

    private static ServiceTrace Trace(string source, string destination, int port, string protocol = "tcp", PacketEntry entry = PacketEntry.Network) =>
        NftTracer.Trace(Rules, new PacketSpec(source, destination, protocol, port, entry, NodeIps));

    public sealed class Cluster_ip
    {
        [Fact]
        public void from_a_pod_spreads_evenly_over_the_three_endpoints_without_masquerade()
        {
            // Given / When
            var trace = Trace("10.244.1.50", "10.96.0.10", 80);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Method.Should().Be("nft");
            trace.ServiceName.Should().Be("demo/web:http");
            trace.Targets.Select(t => t.Endpoint).Should().Equal("10.244.1.10:8080", "10.244.1.9:8080", "10.244.2.5:8080");
            trace.Targets.Should().AllSatisfy(t =>
            {
                t.Probability.Should().BeApproximately(1.0 / 3, 1e-9);
                t.Masquerade.Should().BeFalse();
            });
            trace.Chains.Should().ContainInOrder("nat-prerouting", "services", "service-AXK6CI2C-demo/web/tcp/http");
            trace.Hits.Should().Contain(h => h.Chain == "services" && h.LineNumber == NftFixtures.LineOf(NftFixtures.KernelPrinted, "vmap @service-ips"));
            trace.Diagnostics.Should().BeEmpty();
        }

        [Fact]
        public void from_outside_the_cluster_cidr_is_masqueraded()
        {
            // Given a client on the node's network / When
            var trace = Trace("192.168.50.2", "10.96.0.10", 80);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().HaveCount(3).And.OnlyContain(t => t.Masquerade);
            trace.Hits.Should().Contain(h => h.Chain == "masquerading" && h.Action == "masquerade");
        }

        [Fact]
        public void from_the_node_itself_walks_the_output_hook_and_is_masqueraded()
        {
            // Given / When
            var trace = Trace("192.168.50.1", "10.96.0.10", 80, entry: PacketEntry.Local);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Chains.Should().Contain("nat-output").And.NotContain("nat-prerouting");
            trace.Targets.Should().OnlyContain(t => t.Masquerade);
        }

        [Fact]
        public void to_a_port_the_service_does_not_serve_is_rejected_unlike_iptables_mode()
        {
            // Given the right ClusterIP on the wrong port / When
            var trace = Trace("10.244.1.50", "10.96.0.10", 81);

            // Then nftables mode rejects it in cluster-ips-check (iptables mode forwards it un-NATed)
            trace.Verdict.Should().Be(TraceVerdict.Reject);
            trace.Reason.Should().Contain("Reject traffic to invalid ports of ClusterIPs");
            trace.Hits.Should().Contain(h => h.Chain == "cluster-ips-check" && h.LineNumber == NftFixtures.LineOf(NftFixtures.KernelPrinted, "ip daddr @cluster-ips reject"));
        }

        [Fact]
        public void over_udp_to_a_tcp_service_is_rejected()
        {
            Trace("10.244.1.50", "10.96.0.10", 80, "udp").Verdict.Should().Be(TraceVerdict.Reject);
        }

        [Fact]
        public void of_a_service_without_endpoints_is_rejected_and_names_the_service()
        {
            // Given / When
            var trace = Trace("10.244.1.50", "10.96.0.11", 80);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Reject);
            trace.ServiceName.Should().Be("demo/empty");
            trace.Reason.Should().Be("demo/empty has no endpoints (reject)");
            trace.Chains.Should().ContainInOrder("filter-forward", "service-endpoints-check", "reject-chain");
        }

        [Fact]
        public void of_an_address_no_service_uses_is_accepted_without_nat()
        {
            var trace = Trace("10.244.1.50", "10.96.0.99", 80);
            trace.Verdict.Should().Be(TraceVerdict.Accept);
            trace.Targets.Should().BeEmpty();
        }

        [Fact]
        public void from_a_pod_to_itself_is_masqueraded_only_on_the_hairpin_path()
        {
            // Given the endpoint 10.244.1.9 calling its own service / When
            var trace = Trace("10.244.1.9", "10.96.0.10", 80);

            // Then
            trace.Targets.Single(t => t.Endpoint == "10.244.1.9:8080").Masquerade.Should().BeTrue();
            trace.Targets.Where(t => t.Endpoint != "10.244.1.9:8080").Should().OnlyContain(t => !t.Masquerade);
        }
    }

    public sealed class Node_port_and_external_addresses
    {
        [Fact]
        public void node_port_from_outside_is_dnatted_and_masqueraded()
        {
            var trace = Trace("192.168.50.2", "192.168.50.1", 30080);
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().HaveCount(3).And.OnlyContain(t => t.Masquerade);
            trace.Chains.Should().Contain("external-AXK6CI2C-demo/web/tcp/http");
        }

        [Fact]
        public void node_port_on_localhost_is_not_served_in_nftables_mode()
        {
            Trace("127.0.0.1", "127.0.0.1", 30080, entry: PacketEntry.Local).Verdict.Should().Be(TraceVerdict.Accept);
        }

        [Fact]
        public void external_ip_from_outside_is_dnatted_and_masqueraded()
        {
            var trace = Trace("192.168.50.2", "192.168.50.100", 80);
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().OnlyContain(t => t.Masquerade);
        }

        [Fact]
        public void load_balancer_ip_from_a_source_outside_the_ranges_is_dropped_before_dnat()
        {
            var trace = Trace("192.168.50.2", "203.0.113.7", 80);
            trace.Verdict.Should().Be(TraceVerdict.Drop);
            trace.Chains.Should().Contain("firewall-Z2OEFYZB-demo/loc/tcp/http").And.NotContain("nat-prerouting");
        }

        [Fact]
        public void load_balancer_ip_with_local_policy_and_no_local_endpoint_is_dropped_for_outside_clients()
        {
            // Given an allowed source, but the only endpoint lives on another node (externalTrafficPolicy Local)
            var trace = Trace("198.51.100.7", "203.0.113.7", 80);

            // Then
            trace.Verdict.Should().Be(TraceVerdict.Drop);
            trace.Reason.Should().Contain("demo/loc:http");
        }

        [Fact]
        public void local_policy_node_port_from_a_pod_is_short_circuited_to_the_cluster_endpoints()
        {
            var trace = Trace("10.244.1.50", "192.168.50.1", 30081);
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Targets.Should().ContainSingle().Which.Should().Match<EndpointTarget>(t => t.Endpoint == "10.244.2.6:8080" && !t.Masquerade);
        }
    }

    public sealed class Session_affinity
    {
        [Fact]
        public void a_remembered_client_goes_to_its_endpoint_with_certainty()
        {
            // Given the kernel listing an affinity entry for the client (as nft prints a dynamic set)
            var lines = NftFixtures.KernelPrinted.Split('\n').ToList();
            var header = lines.FindIndex(l => l.Contains("set affinity-JOQA25OO", StringComparison.Ordinal));
            var timeout = lines.FindIndex(header, l => l.Trim() == "timeout 3h");
            lines.Insert(timeout + 1, "\t\telements = { 10.244.1.50 timeout 3h expires 2h59m57s }");
            var text = string.Join('\n', lines);
            text.Should().NotBe(NftFixtures.KernelPrinted);

            // When
            var remembered = NftTracer.Trace(NftRulesetParser.Parse(text).Value, new PacketSpec("10.244.1.50", "10.96.0.10", "tcp", 80));
            var stranger = NftTracer.Trace(NftRulesetParser.Parse(text).Value, new PacketSpec("10.244.1.51", "10.96.0.10", "tcp", 80));

            // Then
            remembered.Targets.Should().ContainSingle().Which.Should().Match<EndpointTarget>(t => t.Endpoint == "10.244.1.9:8080" && t.Probability == 1);
            stranger.Targets.Should().HaveCount(3);
        }
    }
}
