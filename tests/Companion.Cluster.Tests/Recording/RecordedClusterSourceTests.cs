using Companion.Cluster.Recording;
using Companion.Cluster.Sources;
using Companion.Cluster.Tests.ApiServer;
using Companion.Core.Kube;
using Companion.Core.Model;

namespace Companion.Cluster.Tests.Recording;

public static class RecordedClusterSourceTests
{
    private static RecordedClusterSource Shipped() => new(new DirectoryInfo(LiveServerFixture.RecordingDirectory));

    public sealed class ShippedRecording
    {
        [Fact]
        public async Task replays_the_demo_scenario_through_the_mapper()
        {
            // Given
            var source = Shipped();

            // When
            var snapshot = await source.GetSnapshotAsync(null, TestContext.Current.CancellationToken);

            // Then
            source.Source.Describe().Should().Be("recorded 2026-11-30 06:00 UTC (demo-iptables)");
            snapshot.Nodes.Select(n => (n.Name, n.Zone, n.InternalIp)).Should().Equal(("node-a", "zone-a", "172.18.0.2"), ("node-b", "zone-b", "172.18.0.3"));
            var web = snapshot.Services.Single(s => s.Key == "demo/web");
            web.Ports.Single().TargetPort.Should().Be("http");
            var endpoints = snapshot.SlicesFor(web).SelectMany(s => s.Endpoints).ToList();
            endpoints.Should().HaveCount(3).And.OnlyContain(e => e.IsReady && e.TargetRef!.Kind == "Pod");
            endpoints.Select(e => e.NodeName).Distinct().Should().BeEquivalentTo(["node-a", "node-b"]);
            snapshot.Services.Should().Contain(s => s.Key == "default/kubernetes" && s.ClusterIp == "10.96.0.1");
            snapshot.ProxyMode.Mode.Should().Be(ProxyMode.Iptables);
            snapshot.ProxyMode.Evidence.Should().Be("ConfigMap kube-system/kube-proxy: mode: iptables");
            snapshot.Dns!.ClusterIp.Should().Be("10.96.0.10");
            snapshot.Dns.ClusterDomain.Should().Be("cluster.local");
            snapshot.Dns.NodeLocalDnsCache.Should().BeFalse();
        }

        [Fact]
        public async Task describe_service_walks_slices_pods_and_nodes()
        {
            // When
            var description = await ClusterQueries.DescribeServiceAsync(Shipped(), "demo", "web", TestContext.Current.CancellationToken);

            // Then
            description!.Pods.Should().HaveCount(3).And.OnlyContain(p => p.Labels["app"] == "web");
            description.Nodes.Select(n => n.Name).Should().BeEquivalentTo(["node-a", "node-b"]);
        }

        [Fact]
        public async Task a_label_selector_filters_the_same_way_as_kubectl()
        {
            // When
            var snapshot = await ClusterQueries.GetAsync(Shipped(), "demo", LabelSelector.Parse("app in (web,database),tier!=frontend").Value, TestContext.Current.CancellationToken);

            // Then
            snapshot.Pods.Select(p => p.Labels["app"]).Should().BeEquivalentTo(["web", "web", "web", "database"]);
            snapshot.Services.Select(s => s.Name).Should().BeEquivalentTo(["web", "database"]);
            snapshot.EndpointSlices.Select(s => s.ServiceName).Should().BeEquivalentTo(["web", "database"]);
        }

        [Fact]
        public async Task a_pods_dns_config_uses_the_cluster_dns_and_the_recorded_node_resolv_conf()
        {
            // Given
            var source = Shipped();
            var snapshot = await source.GetSnapshotAsync(null, TestContext.Current.CancellationToken);
            var web = snapshot.Pods.First(p => p.Name.StartsWith("web-", StringComparison.Ordinal));
            var coredns = snapshot.Pods.First(p => p.Name.StartsWith("coredns-", StringComparison.Ordinal));

            // When
            var webDns = await ClusterQueries.GetPodDnsAsync(source, snapshot, "demo", web.Name, TestContext.Current.CancellationToken);
            var corednsDns = await ClusterQueries.GetPodDnsAsync(source, snapshot, "kube-system", coredns.Name, TestContext.Current.CancellationToken);

            // Then
            webDns!.ResolvConf.Should().Be("nameserver 10.96.0.10\nsearch demo.svc.cluster.local svc.cluster.local cluster.local lab.example.internal\noptions ndots:5\n");
            corednsDns!.ResolvConf.Should().Be("nameserver 172.18.0.1\nsearch lab.example.internal\noptions edns0 trust-ad\n");
        }
    }

    public sealed class BadRecordings : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("companion-bad-recording-");

        public void Dispose() => _dir.Delete(recursive: true);

        private void CopyShipped()
        {
            foreach (var file in new DirectoryInfo(LiveServerFixture.RecordingDirectory).GetFiles())
            {
                file.CopyTo(Path.Combine(_dir.FullName, file.Name));
            }
        }

        [Fact]
        public void a_directory_without_manifest_is_one_line_naming_the_file()
        {
            // When
            var act = () => new RecordedClusterSource(_dir);

            // Then
            act.Should().Throw<ClusterAccessException>().WithMessage($"recording file {_dir.FullName}/manifest.json: missing");
        }

        [Fact]
        public void a_broken_manifest_names_the_file_and_line()
        {
            // Given
            File.WriteAllText(Path.Combine(_dir.FullName, "manifest.json"), "{\n \"scenario\": \"x\",\n \"capturedAt\": ");

            // When
            var act = () => new RecordedClusterSource(_dir);

            // Then
            act.Should().Throw<ClusterAccessException>().Which.Message.Should().StartWith($"recording file {_dir.FullName}/manifest.json: not a recording manifest");
        }

        [Fact]
        public async Task a_missing_list_file_names_it()
        {
            // Given
            CopyShipped();
            File.Delete(Path.Combine(_dir.FullName, "services.json"));

            // When
            var act = () => new RecordedClusterSource(_dir).GetSnapshotAsync(null, TestContext.Current.CancellationToken);

            // Then
            (await act.Should().ThrowAsync<ClusterAccessException>()).Which.Message.Should().Be($"recording file {_dir.FullName}/services.json: missing");
        }

        [Fact]
        public async Task a_list_file_that_is_not_api_json_names_it()
        {
            // Given
            CopyShipped();
            File.WriteAllText(Path.Combine(_dir.FullName, "pods.json"), "{\"items\": [ {\"metadata\": 42} ]}");

            // When
            var act = () => new RecordedClusterSource(_dir).GetSnapshotAsync(null, TestContext.Current.CancellationToken);

            // Then
            var failure = (await act.Should().ThrowAsync<ClusterAccessException>()).Which;
            failure.Failure.Should().Be(ClusterFailure.BadRecording);
            failure.Message.Should().Contain("pods.json").And.NotContain("\n");
        }

        [Fact]
        public async Task a_node_name_cannot_escape_the_recording()
        {
            // Given
            CopyShipped();

            // When
            var act = () => new RecordedClusterSource(_dir).GetNodeDumpAsync("../..", TestContext.Current.CancellationToken);

            // Then
            await act.Should().ThrowAsync<ClusterAccessException>();
        }
    }
}
