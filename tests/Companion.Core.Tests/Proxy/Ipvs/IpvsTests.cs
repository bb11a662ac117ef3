using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Ipvs;

/// <summary>IPVS mode on dumps written from the spec (not kernel-verified: this kernel has no ip_vs).</summary>
public sealed class IpvsTests
{
    private static readonly IpvsState State = IpvsDumpParser.Parse(IpvsFixtures.Full).Value;

    private static ServiceTrace Trace(string src, string dst, int port, string proto = "tcp", PacketEntry entry = PacketEntry.Network) =>
        IpvsTracer.Trace(State, new PacketSpec(src, dst, proto, port, entry, ["192.168.49.2"]));

    public sealed class Parser_on_spec_written_text
    {
        [Fact]
        public void reads_ipvsadm_list_ipset_list_and_the_iptables_glue_without_diagnostics()
        {
            // Given / When
            var parsed = IpvsDumpParser.Parse(IpvsFixtures.Full, "node.txt");

            // Then
            parsed.Diagnostics.Should().BeEmpty();
            parsed.Value.VirtualServices.Should().HaveCount(9);
            var web = parsed.Value.VirtualServices.Single(v => v.Endpoint == "10.96.30.40:80" && v.Protocol == "tcp");
            web.Scheduler.Should().Be("rr");
            web.RealServers.Select(r => (r.Endpoint, r.Forward, r.Weight, r.InactiveConnections))
                .Should().Equal(("10.244.1.10:8080", "Masq", 1, 14L), ("10.244.1.11:8080", "Masq", 1, 13L), ("10.244.2.7:8080", "Masq", 1, 15L));
            parsed.Value.VirtualServices.Single(v => v.Port == 80 && v.Address == "10.96.30.41").PersistentSeconds.Should().Be(10800);
            parsed.Value.Set("KUBE-CLUSTER-IP")!.Type.Should().Be("hash:ip,port");
            parsed.Value.Set("KUBE-CLUSTER-IP")!.Members.Should().HaveCount(7).And.Contain("10.96.0.10,udp:53");
            parsed.Value.Set("KUBE-NODE-PORT-LOCAL-TCP")!.Members.Should().Equal("30090");
            parsed.Value.Glue.Should().Contain(g => g.Text.StartsWith("-A KUBE-IPVS-FILTER", StringComparison.Ordinal));
        }

        [Fact]
        public void reads_ipvsadm_save_output()
        {
            var parsed = IpvsDumpParser.Parse(IpvsFixtures.Save);
            parsed.Diagnostics.Should().BeEmpty();
            parsed.Value.VirtualServices.Select(v => (v.Protocol, v.Endpoint, v.RealServers.Count, v.PersistentSeconds))
                .Should().Equal(("tcp", "10.96.30.40:80", 3, (int?)null), ("udp", "10.96.0.10:53", 1, null), ("tcp", "10.96.30.41:80", 1, 10800));
        }

        [Theory]
        [InlineData("")]
        [InlineData("garbage\n-> 1.2.3.4:80 Masq 1 0 0\nTCP nonsense rr\n-a -t 9.9.9.9:1 -r x")]
        public void never_throws_and_says_what_it_could_not_read(string text)
        {
            var parsed = IpvsDumpParser.Parse(text);
            parsed.Value.VirtualServices.Should().BeEmpty();
            parsed.Diagnostics.Should().NotBeEmpty();
        }
    }

    public sealed class Tracer_on_spec_written_text
    {
        [Fact]
        public void cluster_ip_from_a_pod_splits_evenly_and_is_not_masqueraded()
        {
            var trace = Trace("10.244.1.50", "10.96.30.40", 80);
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Method.Should().Be("ipvs");
            trace.Targets.Select(t => t.Endpoint).Should().Equal("10.244.1.10:8080", "10.244.1.11:8080", "10.244.2.7:8080");
            trace.Targets.Should().OnlyContain(t => Math.Abs(t.Probability - (1.0 / 3)) < 1e-12 && !t.Masquerade);
            trace.Hits.Should().Contain(h => h.LineNumber == 7 && h.Action == "schedule rr");
        }

        [Fact]
        public void cluster_ip_from_outside_the_cluster_cidr_is_masqueraded_by_the_glue_rule()
        {
            var trace = Trace("192.168.49.50", "10.96.30.40", 80);
            trace.Targets.Should().OnlyContain(t => t.Masquerade);
            trace.Hits.Should().Contain(h => h.Table == "nat" && h.Action == "KUBE-MARK-MASQ" && h.RuleText.Contains("! -s 10.244.0.0/16", StringComparison.Ordinal));
        }

        [Fact]
        public void udp_dns_uses_its_own_virtual_service()
        {
            Trace("10.244.1.50", "10.96.0.10", 53, "udp").Targets.Select(t => t.Endpoint).Should().Equal("10.244.0.2:53", "10.244.0.3:53");
        }

        [Fact]
        public void a_virtual_service_without_real_servers_is_rejected()
        {
            var trace = Trace("10.244.1.50", "10.96.30.42", 80);
            trace.Verdict.Should().Be(TraceVerdict.Reject);
            trace.Reason.Should().Contain("no real servers");
        }

        [Fact]
        public void an_unserved_port_of_a_service_address_is_rejected_by_kube_ipvs_filter()
        {
            var trace = Trace("10.244.1.50", "10.96.30.40", 81);
            trace.Verdict.Should().Be(TraceVerdict.Reject);
            trace.Hits.Should().ContainSingle().Which.Chain.Should().Be("KUBE-IPVS-FILTER");
        }

        [Fact]
        public void an_address_without_virtual_services_is_routed_as_is()
        {
            Trace("10.244.1.50", "10.244.2.7", 8080).Verdict.Should().Be(TraceVerdict.Accept);
        }

        [Fact]
        public void node_ports_are_masqueraded_unless_the_policy_is_local()
        {
            Trace("192.168.49.50", "192.168.49.2", 30080).Targets.Should().HaveCount(3).And.OnlyContain(t => t.Masquerade);
            Trace("192.168.49.50", "192.168.49.2", 30090).Targets.Should().ContainSingle().Which.Masquerade.Should().BeFalse();
        }

        [Fact]
        public void persistence_weight_zero_and_hairpin_are_reported()
        {
            var sticky = Trace("10.244.1.50", "10.96.30.41", 80);
            var draining = Trace("10.244.1.50", "10.96.30.44", 80);
            var hairpin = Trace("10.244.1.10", "10.96.30.43", 80);

            sticky.Diagnostics.Should().Contain(d => d.Message.Contains("persistent 10800 s", StringComparison.Ordinal));
            draining.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.244.2.9:8080");
            draining.Diagnostics.Should().Contain(d => d.Message.Contains("weight 0", StringComparison.Ordinal));
            hairpin.Targets.Should().ContainSingle().Which.Masquerade.Should().BeTrue();
        }
    }
}
