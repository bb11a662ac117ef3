using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy;

public sealed class KubeProxyNamesTests
{
    public sealed class Iptables
    {
        [Theory]
        [InlineData("ns1", "svc1", "p80", "tcp", "KUBE-SVC-XPGD46QRK7WJZT7O")]
        [InlineData("default", "kubernetes", "https", "tcp", "KUBE-SVC-NPX46M4PTMTKRN6Y")]
        [InlineData("kube-system", "kube-dns", "dns", "udp", "KUBE-SVC-TCOU7JCQXEZGVUNU")]
        [InlineData("demo", "web", "http", "tcp", "KUBE-SVC-XRY76EGRC3BSCIIJ")]
        public void service_chain_names_match_upstream(string ns, string name, string port, string proto, string expected)
        {
            // Given
            var spn = KubeProxyNames.ServicePortName(ns, name, port);

            // When
            var chain = KubeProxyNames.ServicePortChain("KUBE-SVC", spn, proto);

            // Then
            chain.Should().Be(expected);
        }

        [Fact]
        public void endpoint_chain_name_matches_upstream()
        {
            // Given
            var spn = KubeProxyNames.ServicePortName("ns1", "svc1", "p80");

            // When
            var chain = KubeProxyNames.EndpointChain(spn, "tcp", "10.180.0.1:80");

            // Then
            chain.Should().Be("KUBE-SEP-SXIVWICOYRO3J4NJ");
        }

        [Fact]
        public void all_per_service_chains_share_one_suffix_and_fit_in_28_characters()
        {
            // Given
            var spn = "demo/web:http";

            // When
            var names = new[] { "KUBE-SVC", "KUBE-SVL", "KUBE-EXT", "KUBE-FW-" }
                .Select(p => KubeProxyNames.ServicePortChain(p, spn, "tcp")).ToList();

            // Then
            names.Should().Equal("KUBE-SVC-XRY76EGRC3BSCIIJ", "KUBE-SVL-XRY76EGRC3BSCIIJ", "KUBE-EXT-XRY76EGRC3BSCIIJ", "KUBE-FW-XRY76EGRC3BSCIIJ");
            names.Should().OnlyContain(n => n.Length <= 28);
        }

        [Fact]
        public void an_unnamed_port_has_no_port_suffix_and_ipv6_endpoints_are_bracketed()
        {
            // Given / When
            var spn = KubeProxyNames.ServicePortName("default", "echo", null);
            var hostPort = KubeProxyNames.JoinHostPort("fd00::1", 8080);

            // Then
            spn.Should().Be("default/echo");
            hostPort.Should().Be("[fd00::1]:8080");
        }
    }

    public sealed class Nft
    {
        [Fact]
        public void service_chain_name_matches_upstream()
        {
            // Given / When
            var chain = KubeProxyNames.ServiceChainName("service", "ns1", "svc1", "tcp", "p80");

            // Then
            chain.Should().Be("service-ULMVA6XW-ns1/svc1/tcp/p80");
        }

        [Fact]
        public void endpoint_chain_name_matches_upstream()
        {
            // Given / When
            var chain = KubeProxyNames.EndpointChainName("endpoint", "ns1", "svc1", "tcp", "p80", "10.180.0.1:80");

            // Then
            chain.Should().Be("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        }

        [Fact]
        public void very_long_names_are_truncated_with_an_ellipsis()
        {
            // Given
            var longName = new string('a', 300);

            // When
            var chain = KubeProxyNames.ServiceChainName("service", "ns", longName, "tcp", "p");

            // Then
            chain.Should().EndWith("...");
            chain.Length.Should().Be("service-".Length + 240);
        }
    }
}
