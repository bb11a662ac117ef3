using Companion.Core.Kube;
using Companion.Core.Model;

namespace Companion.Core.Tests.Kube;

public sealed class ProxyModeDetectorTests
{
    [Theory]
    [InlineData("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n", ProxyMode.Nftables, "ConfigMap kube-system/kube-proxy: mode: nftables")]
    [InlineData("kind: KubeProxyConfiguration\nipvs:\n  scheduler: rr\nmode: \"ipvs\" # set by kubeadm\n", ProxyMode.Ipvs, "ConfigMap kube-system/kube-proxy: mode: ipvs")]
    [InlineData("kind: KubeProxyConfiguration\nmode: \"\"\n", ProxyMode.Iptables, "ConfigMap kube-system/kube-proxy: mode: \"\" (empty means iptables on Linux)")]
    [InlineData("{\"kind\": \"KubeProxyConfiguration\", \"mode\": \"nftables\"}", ProxyMode.Unknown, "kube-proxy found but its mode could not be read")]
    public void reads_the_mode_from_the_configmap(string config, ProxyMode mode, string evidence)
    {
        // When
        var info = ProxyModeDetector.Detect("kube-system/kube-proxy", config, null, []);

        // Then
        info.Mode.Should().Be(mode);
        info.Evidence.Should().Be(evidence);
    }

    [Fact]
    public void ignores_an_indented_mode_key_of_a_nested_section()
    {
        // When
        var mode = ProxyModeDetector.ModeFromConfig("winkernel:\n  mode: overlay\nmode: ipvs\n");

        // Then
        mode.Should().Be("ipvs");
    }

    [Fact]
    public void daemonset_args_win_over_the_configmap()
    {
        // When
        var info = ProxyModeDetector.Detect("kube-system/kube-proxy", "mode: iptables\n", ["/usr/local/bin/kube-proxy", "--config=/x", "--proxy-mode", "ipvs"], ["kube-proxy"]);

        // Then
        info.Mode.Should().Be(ProxyMode.Ipvs);
        info.Evidence.Should().Be("DaemonSet kube-system/kube-proxy: --proxy-mode=ipvs");
    }

    [Fact]
    public void cilium_without_kube_proxy_is_replaced()
    {
        // When
        var info = ProxyModeDetector.Detect(null, null, null, ["cilium", "cilium-envoy", "coredns"]);

        // Then
        info.Mode.Should().Be(ProxyMode.Replaced);
        info.ReplacedBy.Should().Be("cilium");
    }

    [Fact]
    public void cilium_next_to_kube_proxy_is_not_replaced()
    {
        // When
        var info = ProxyModeDetector.Detect(null, null, ["kube-proxy", "--proxy-mode=nftables"], ["cilium", "kube-proxy"]);

        // Then
        info.Mode.Should().Be(ProxyMode.Nftables);
    }

    [Fact]
    public void nothing_found_is_unknown_and_says_so()
    {
        // When
        var info = ProxyModeDetector.Detect(null, null, null, []);

        // Then
        info.Mode.Should().Be(ProxyMode.Unknown);
        info.Evidence.Should().Be("no kube-proxy ConfigMap or DaemonSet found in kube-system");
    }
}
