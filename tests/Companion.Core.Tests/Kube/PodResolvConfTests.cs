using Companion.Core.Kube;
using Companion.Core.Model;

namespace Companion.Core.Tests.Kube;

public sealed class PodResolvConfTests
{
    private const string NodeFile = "nameserver 192.168.1.1\nnameserver 192.168.1.2\nsearch corp.example lab.example\noptions edns0 timeout:2\n";
    private static readonly KubeletDnsSettings Kubelet = new(["10.96.0.10"], "cluster.local", NodeFile);

    private static PodInfo Pod(string policy = "ClusterFirst", bool hostNetwork = false, PodDnsConfig? dnsConfig = null) =>
        new("shop", "api-0", "node-a", "10.244.1.5", "Running", true, 0, new Dictionary<string, string>(), [], hostNetwork, policy, dnsConfig);

    [Fact]
    public void cluster_first_uses_cluster_dns_the_namespace_search_path_and_ndots_5()
    {
        // When
        var dns = PodResolvConf.Build(Pod(), Kubelet);

        // Then
        dns.ResolvConf.Should().Be("nameserver 10.96.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\noptions ndots:5\n");
        dns.Notes.Should().BeEmpty();
    }

    [Fact]
    public void cluster_first_on_host_network_silently_behaves_as_default()
    {
        // When
        var dns = PodResolvConf.Build(Pod(hostNetwork: true), Kubelet);

        // Then
        dns.EffectivePolicy.Should().Be("Default");
        dns.ResolvConf.Should().Be("nameserver 192.168.1.1\nnameserver 192.168.1.2\nsearch corp.example lab.example\noptions edns0 timeout:2\n");
        dns.Notes.Should().ContainSingle().Which.Should().Contain("ClusterFirstWithHostNet");
    }

    [Fact]
    public void cluster_first_with_host_net_keeps_the_cluster_file()
    {
        // When
        var dns = PodResolvConf.Build(Pod("ClusterFirstWithHostNet", hostNetwork: true), Kubelet);

        // Then
        dns.Nameservers.Should().Equal("10.96.0.10");
    }

    [Fact]
    public void default_without_a_node_file_is_localhost_and_search_dot()
    {
        // When
        var dns = PodResolvConf.Build(Pod("Default"), Kubelet with { NodeResolvConf = null });

        // Then
        dns.ResolvConf.Should().Be("nameserver 127.0.0.1\nsearch .\n");
    }

    [Fact]
    public void none_takes_only_dns_config_and_options_merge_with_the_pod_winning()
    {
        // Given
        var config = new PodDnsConfig(["1.1.1.1"], ["a.example"], [new PodDnsOption("ndots", "2"), new PodDnsOption("single-request-reopen", null)]);

        // When
        var none = PodResolvConf.Build(Pod("None", dnsConfig: config), Kubelet);
        var merged = PodResolvConf.Build(Pod(dnsConfig: config), Kubelet);

        // Then
        none.ResolvConf.Should().Be("nameserver 1.1.1.1\nsearch a.example\noptions ndots:2 single-request-reopen\n");
        merged.Options.Should().Equal("ndots:2", "single-request-reopen");
        merged.Nameservers.Should().Equal("10.96.0.10", "1.1.1.1");
    }

    [Fact]
    public void more_than_three_nameservers_keep_the_first_three()
    {
        // Given
        var config = new PodDnsConfig(["1.1.1.1", "8.8.8.8", "9.9.9.9"], [], []);

        // When
        var dns = PodResolvConf.Build(Pod(dnsConfig: config), Kubelet);

        // Then
        dns.Nameservers.Should().Equal("10.96.0.10", "1.1.1.1", "8.8.8.8");
        dns.Notes.Should().ContainSingle().Which.Should().StartWith("4 nameservers");
    }

    [Fact]
    public void legacy_search_limits_cut_at_six_entries()
    {
        // Given
        var config = new PodDnsConfig([], ["d1.example", "d2.example", "d3.example"], []);

        // When
        var dns = PodResolvConf.Build(Pod(dnsConfig: config), Kubelet with { ExpandedDnsConfig = false });

        // Then
        dns.Searches.Should().HaveCount(6).And.NotContain("d2.example");
        dns.Notes.Should().Contain(n => n.StartsWith("search list truncated at 6", StringComparison.Ordinal));
    }
}
