using Companion.Core.Model;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabLifecycleTests
{
    // /etc/netns is shared by every lab on the machine: a lab test class running in parallel would keep it alive.
    [Collection(EtcNetnsCollection.Name)]
    public sealed class Up_then_down
    {
        [Theory]
        [InlineData(ProxyMode.Iptables)]
        [InlineData(ProxyMode.Nftables)]
        public async Task resolves_a_service_from_a_pod_through_the_kube_dns_cluster_ip_then_leaves_nothing(ProxyMode mode)
        {
            // Given
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            try
            {
                var topology = await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default", mode), null, ct);
                var frontend = topology.Pods.Single(p => p.Deployment == "frontend");
                var backend = topology.Services.Single(s => s.Name == "backend");
                var dnsPod = topology.Pods.Single(p => p.IsClusterDns);
                var node = topology.Nodes.Single(n => n.Name == frontend.NodeName);

                // When: glibc in the pod resolves the short name with the pod's resolv.conf
                var lookup = await LabRoot.InNetnsAsync(frontend.Netns, "getent", "hosts", "backend");
                var conntrack = await LabRoot.InNetnsAsync(node.Netns, "conntrack", "-L", "-p", "udp", "--orig-dst", topology.ClusterDnsIp);

                // Then: the answer is the Service's ClusterIP, and the query was DNATed from the kube-dns ClusterIP to the dnsmasq pod
                lookup.ExitCode.Should().Be(0, lookup.Stderr);
                lookup.Stdout.Should().StartWith(backend.ClusterIp + " ").And.Contain("backend.shop.svc.cluster.local");
                conntrack.Stdout.Should().Contain($"src={dnsPod.Ip} dst={frontend.Ip} sport=53");
                (await controller.StatusAsync(name, ct)).Up.Should().BeTrue();
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }

            // Then
            await LabRoot.AssertNothingLeftAsync(name);
            (await controller.StatusAsync(name, ct)).Up.Should().BeFalse();
        }

        [Fact]
        public async Task up_twice_keeps_the_same_lab()
        {
            // Given
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            var steps = new List<string>();
            try
            {
                await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default"), null, ct);
                var pidsBefore = new LabStateStore().Load(name)!.Pids.ToList();

                // When
                await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default"), new Progress(steps), ct);

                // Then
                steps.Should().Equal("already up");
                new LabStateStore().Load(name)!.Pids.Should().Equal(pidsBefore);
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }

            await LabRoot.AssertNothingLeftAsync(name);
        }

        [Fact]
        public async Task two_overlapping_labs_remove_the_etc_netns_one_of_them_created()
        {
            // Given: no /etc/netns yet (the lab creates it for the pods' resolv.conf)
            LabRoot.Require();
            Assert.SkipWhen(Directory.Exists("/etc/netns"), "/etc/netns already exists here; nothing to check");
            var (a, b) = (LabRoot.UniqueName(), LabRoot.UniqueName());
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            try
            {
                await controller.UpAsync(new LabUpOptions(a, LabDefaultModel.Json(), "default"), null, ct);
                await controller.UpAsync(new LabUpOptions(b, LabDefaultModel.Json(), "default"), null, ct);

                // When: the lab that created /etc/netns goes first, the other one last
                await controller.DownAsync(a, null, ct);
                var afterFirst = Directory.Exists("/etc/netns");
                await controller.DownAsync(b, null, ct);

                // Then
                afterFirst.Should().BeTrue("the second lab's pods still use it");
                Directory.Exists("/etc/netns").Should().BeFalse();
                File.Exists(new LabStateStore().EtcNetnsMarker).Should().BeFalse();
            }
            finally
            {
                await controller.DownAsync(a, null, CancellationToken.None);
                await controller.DownAsync(b, null, CancellationToken.None);
            }
        }

        private sealed class Progress(List<string> steps) : IProgress<LabProgress>
        {
            public void Report(LabProgress value) => steps.Add(value.Step);
        }
    }

    public sealed class Service_distribution
    {
        [Theory]
        [InlineData(ProxyMode.Iptables)]
        [InlineData(ProxyMode.Nftables)]
        public async Task hundreds_of_connects_to_a_three_replica_service_spread_evenly_over_its_endpoints(ProxyMode mode)
        {
            // Given
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            try
            {
                var topology = await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default", mode), null, ct);
                var frontend = topology.Pods.Single(p => p.Deployment == "frontend");
                var backends = topology.Pods.Where(p => p.Deployment == "backend").Select(p => $"{p.Ip}:8080").ToList();

                // When
                var run = await LabTcpProbe.ProbeAsync(topology, frontend, "backend", 80, 600, TimeSpan.FromSeconds(2), ct);

                // Then: every connect answered by a backend pod; each gets 1/3 within ±4.3 standard deviations (binomial, n=600)
                run.Samples.Should().OnlyContain(s => s.Ok);
                var hits = run.ByEndpoint();
                hits.Keys.Should().BeEquivalentTo(backends);
                hits.Values.Should().OnlyContain(n => n >= 150 && n <= 250);
                run.Summary.Count.Should().Be(600);
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }

            await LabRoot.AssertNothingLeftAsync(name);
        }
    }
}
