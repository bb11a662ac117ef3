namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabCaptureTests
{
    public sealed class Capturing
    {
        [Fact]
        public async Task shows_the_pods_dns_query_to_the_cluster_ip_and_the_node_shows_it_dnated_to_the_dns_pod()
        {
            // Given
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            var dir = Directory.CreateTempSubdirectory("lab-capture-");
            try
            {
                var t = await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default"), null, ct);
                var frontend = t.Pods.Single(p => p.Deployment == "frontend");
                var dnsPod = t.Pods.Single(p => p.IsClusterDns);
                var node = t.Nodes.Single(n => n.Name == frontend.NodeName);
                var backend = t.Services.Single(s => s.Name == "backend");
                Task Lookup(CancellationToken c) => LabRoot.InNetnsAsync(frontend.Netns, "getent", "ahostsv4", "backend.shop.svc.cluster.local.");

                // When: one capture in the pod, one on the pod's node (all interfaces)
                var inPod = await LabCapture.CaptureAsync(frontend.Netns, "eth0", 2, TimeSpan.FromSeconds(10), Path.Combine(dir.FullName, "pod.pcap"), "udp port 53", Lookup, ct);
                var onNode = await LabCapture.CaptureAsync(node.Netns, "any", 50, TimeSpan.FromSeconds(3), Path.Combine(dir.FullName, "node.pcap"), "udp port 53", Lookup, ct);

                // Then
                File.Exists(inPod.PcapPath).Should().BeTrue();
                inPod.Packets.Should().HaveCount(2);
                inPod.Packets[0].Destination.Should().Be($"{t.ClusterDnsIp}:53");
                inPod.Packets[0].DnsQuestion.Should().Be("A backend.shop.svc.cluster.local.");
                inPod.Packets[1].Source.Should().Be($"{t.ClusterDnsIp}:53");
                inPod.Packets[1].DnsAnswers.Should().Equal(backend.ClusterIp);
                onNode.Packets.Should().Contain(p => p.Destination == $"{t.ClusterDnsIp}:53");
                onNode.Packets.Should().Contain(p => p.Destination == $"{dnsPod.Ip}:53", "the node forwards the query DNATed to the kube-dns pod");
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
                dir.Delete(recursive: true);
            }

            await LabRoot.AssertNothingLeftAsync(name);
        }
    }
}
