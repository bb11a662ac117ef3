using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab.Tests;

public sealed class LabTopologyBuilderTests
{
    private static LabTopology Default() => LabTopologyBuilder.Build(LabModelParser.Parse(LabDefaultModel.Json()).Value, "t1").Value;

    public sealed class Addresses
    {
        [Fact]
        public void give_each_node_its_own_pod_cidr_and_each_pod_an_address_inside_it()
        {
            // Given / When
            var t = Default();

            // Then
            t.Nodes.Select(n => n.PodCidr).Should().Equal("10.244.0.0/24", "10.244.1.0/24");
            t.Pods.Should().HaveCount(6);
            t.Pods.Select(p => p.Ip).Should().OnlyHaveUniqueItems();
            foreach (var pod in t.Pods)
            {
                Ipv4Cidr.TryParse(t.Nodes.Single(n => n.Name == pod.NodeName).PodCidr, out var cidr).Should().BeTrue();
                cidr.Contains(pod.Ip).Should().BeTrue(pod.Key);
            }
        }

        [Fact]
        public void spread_the_backend_replicas_over_both_nodes()
        {
            // Given / When
            var t = Default();

            // Then
            t.Pods.Where(p => p.Deployment == "backend").Select(p => p.NodeName).Distinct().Should().HaveCount(2);
        }

        [Fact]
        public void put_kube_dns_on_the_cluster_dns_ip_and_assign_the_others_from_the_service_cidr()
        {
            // Given / When
            var t = Default();

            // Then
            t.Services.Select(s => (s.Name, s.ClusterIp)).Should().Equal(
                ("kube-dns", "10.96.0.10"), ("frontend", "10.96.0.100"), ("backend", "10.96.0.101"), ("db", "None"));
        }

        [Fact]
        public void prefix_every_netns_with_the_lab_name()
        {
            // Given / When
            var t = Default();

            // Then
            t.AllNetns.Should().OnlyContain(n => n.StartsWith("c80-t1_", StringComparison.Ordinal));
            t.AllNetns.Should().OnlyHaveUniqueItems();
        }

        [Theory]
        [InlineData("")]
        [InlineData("Big")]
        [InlineData("a_b")]
        [InlineData("a--b")]
        [InlineData("x/../../etc")]
        public void refuse_lab_names_that_could_clash_or_escape(string name)
        {
            // Given / When
            var result = LabTopologyBuilder.Build(LabModel.Empty, name);

            // Then
            result.IsValid.Should().BeFalse();
        }
    }

    public sealed class Snapshot
    {
        [Fact]
        public void maps_the_lab_to_the_records_every_source_returns()
        {
            // Given
            var t = Default();

            // When
            var s = LabSnapshotBuilder.Build(t, ProxyMode.Nftables);

            // Then
            s.Source.Kind.Should().Be(SourceKind.Lab);
            var backend = s.Services.Single(x => x.Name == "backend");
            var slice = s.SlicesFor(backend).Single();
            slice.Endpoints.Should().HaveCount(3);
            slice.Ports.Single().Port.Should().Be(8080);
            s.Dns!.ClusterIp.Should().Be("10.96.0.10");
            s.ProxyMode.Mode.Should().Be(ProxyMode.Nftables);
        }
    }

    public sealed class Dns
    {
        [Fact]
        public void dnsmasq_answers_services_headless_pods_and_named_ports_and_nothing_else()
        {
            // Given
            var t = Default();
            var db = t.Pods.Single(p => p.Deployment == "db");

            // When
            var args = LabDnsConfig.DnsmasqArguments(t, "/run/x.pid", "/run/x.log");

            // Then
            args.Should().Contain("--host-record=backend.shop.svc.cluster.local,10.96.0.101");
            args.Should().Contain($"--host-record=db.shop.svc.cluster.local,{db.Ip}");
            args.Should().Contain("--srv-host=_http._tcp.backend.shop.svc.cluster.local,backend.shop.svc.cluster.local,80,0,100");
            args.Should().Contain(["--no-resolv", "--address=/#/", "--cache-size=0"]);
        }

        [Fact]
        public void pod_resolv_conf_is_what_kubelet_writes_for_cluster_first()
        {
            // Given
            var t = Default();
            var pod = t.Pods.First(p => p.Deployment == "frontend");

            // When
            var text = LabDnsConfig.PodResolvConf(t, pod, ["single-request-reopen"]);

            // Then
            text.Should().Be("search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5 single-request-reopen\n");
        }
    }
}
