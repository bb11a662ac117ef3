using Companion.Cluster.Mapping;
using Companion.Cluster.Sources;
using Companion.Core.Model;

namespace Companion.Cluster.Tests.Mapping;

public sealed class KubeMapperTests
{
    private const string Empty = """{"kind":"List","apiVersion":"v1","metadata":{},"items":[]}""";
    private static readonly SourceInfo Source = new(SourceKind.Live, "test");

    private static ClusterSnapshot Map(string? configMaps, string? daemonSets, string services = Empty, string slices = Empty) =>
        KubeMapper.ToSnapshot(new RawClusterData(Empty, Empty, services, slices, configMaps, daemonSets, null), Source);

    [Fact]
    public void a_kube_proxy_daemonset_with_nftables_args_is_nftables()
    {
        // Given
        var daemonSets = """
            {"kind":"DaemonSetList","apiVersion":"apps/v1","metadata":{},"items":[
              {"metadata":{"name":"kube-proxy","namespace":"kube-system"},"spec":{"selector":{},"template":{"spec":{"containers":[
                {"name":"kube-proxy","image":"registry.k8s.io/kube-proxy:v1.33.0","command":["/usr/local/bin/kube-proxy","--proxy-mode=nftables"]}]}}}}]}
            """;

        // When
        var snapshot = Map(Empty, daemonSets);

        // Then
        snapshot.ProxyMode.Should().Be(new ProxyModeInfo(ProxyMode.Nftables, "DaemonSet kube-system/kube-proxy: --proxy-mode=nftables"));
    }

    [Fact]
    public void cilium_without_kube_proxy_is_replaced_and_node_local_dns_is_seen()
    {
        // Given
        var daemonSets = """
            {"kind":"DaemonSetList","apiVersion":"apps/v1","metadata":{},"items":[
              {"metadata":{"name":"cilium","namespace":"kube-system"},"spec":{"selector":{},"template":{"spec":{"containers":[{"name":"cilium-agent","image":"quay.io/cilium/cilium:v1.17.0"}]}}}},
              {"metadata":{"name":"node-local-dns","namespace":"kube-system"},"spec":{"selector":{},"template":{"spec":{"containers":[
                {"name":"node-cache","image":"registry.k8s.io/dns/k8s-dns-node-cache:1.25.0","args":["-localip","169.254.20.10,10.96.0.10","-conf","/etc/Corefile"]}]}}}}]}
            """;
        var services = """
            {"kind":"ServiceList","apiVersion":"v1","metadata":{},"items":[
              {"metadata":{"name":"kube-dns","namespace":"kube-system","labels":{"k8s-app":"kube-dns"}},"spec":{"clusterIP":"10.96.0.10","ports":[{"name":"dns","port":53,"protocol":"UDP","targetPort":53}]}}]}
            """;

        // When
        var snapshot = Map(null, daemonSets, services);

        // Then
        snapshot.ProxyMode.Mode.Should().Be(ProxyMode.Replaced);
        snapshot.ProxyMode.ReplacedBy.Should().Be("cilium");
        snapshot.Dns.Should().Be(new ClusterDnsInfo("kube-system", "kube-dns", "10.96.0.10", "cluster.local", null, true, "169.254.20.10"));
    }

    [Fact]
    public void endpoint_conditions_and_hints_are_kept_as_the_api_sent_them()
    {
        // Given
        var slices = """
            {"kind":"EndpointSliceList","apiVersion":"discovery.k8s.io/v1","metadata":{},"items":[
              {"metadata":{"name":"web-abc","namespace":"demo","labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv4",
               "ports":[{"name":"http","port":8080,"protocol":"TCP"}],
               "endpoints":[
                 {"addresses":["10.244.1.4"],"conditions":{"ready":false,"serving":true,"terminating":true},"nodeName":"node-a","zone":"zone-a",
                  "hints":{"forZones":[{"name":"zone-a"}],"forNodes":[{"name":"node-a"}]}},
                 {"addresses":["10.244.2.2"]}]}]}
            """;

        // When
        var slice = Map(Empty, Empty, slices: slices).EndpointSlices.Single();

        // Then
        slice.ServiceName.Should().Be("web");
        var (terminating, bare) = (slice.Endpoints[0], slice.Endpoints[1]);
        (terminating.IsReady, terminating.IsServing, terminating.IsTerminating).Should().Be((false, true, true));
        terminating.HintZones.Should().Equal("zone-a");
        terminating.HintNodes.Should().Equal("node-a");
        (bare.Ready, bare.IsReady, bare.IsServing).Should().Be(((bool?)null, true, true));
    }

    [Fact]
    public void json_that_is_not_an_api_list_is_a_malformed_error_naming_the_part()
    {
        // When
        var act = () => KubeMapper.ToSnapshot(new RawClusterData("[1,2", Empty, Empty, Empty, null, null, null), Source);

        // Then
        act.Should().Throw<ClusterAccessException>().Which.Message.Should().StartWith("malformed response: nodes.json: ");
    }
}
