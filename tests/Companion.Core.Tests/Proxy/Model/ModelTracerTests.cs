using Companion.Core.Model;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Model.ModelScenario;

namespace Companion.Core.Tests.Proxy.Model;

public sealed class ModelTracerTests
{
    private static ServiceTrace TraceWeb(ClusterSnapshot snapshot, TraceOrigin from, string? port = null, string node = Node) =>
        ModelTracer.TraceService(snapshot, "demo", "web", port, from, node);

    private static PodInfo Pod(string name, string ip, string node = Node, bool hostNetwork = false) =>
        new("demo", name, node, ip, "Running", true, 0, new Dictionary<string, string>(), [], hostNetwork);

    public sealed class Cluster_ip
    {
        [Fact]
        public void from_a_pod_lists_every_ready_endpoint_with_its_pod_node_and_an_even_share()
        {
            // Given
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))],
                [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"), Endpoint("10.244.2.5", OtherNode), Endpoint("10.244.2.6", OtherNode, ready: false))],
                [Pod("client", "10.244.1.50")]);

            // When
            var trace = TraceWeb(snapshot, TraceOrigin.Pod("demo", "client"));

            // Then
            trace.Method.Should().Be("predicted from API objects");
            trace.Verdict.Should().Be(TraceVerdict.Dnat);
            trace.Packet.Should().Be(new PacketSpec("10.244.1.50", "10.96.0.10", "tcp", 80, PacketEntry.Network));
            trace.Targets.Should().BeEquivalentTo([
                new EndpointTarget("10.244.1.10:8080", 0.5, false, KubeProxyNames.EndpointChainName("endpoint", "demo", "web", "tcp", "http", "10.244.1.10:8080"), "pod-10-244-1-10", "demo", Node),
                new EndpointTarget("10.244.2.5:8080", 0.5, false, KubeProxyNames.EndpointChainName("endpoint", "demo", "web", "tcp", "http", "10.244.2.5:8080"), "pod-10-244-2-5", "demo", OtherNode),
            ]);
            trace.Chains.Should().Equal("services", KubeProxyNames.ServiceChainName("service", "demo", "web", "tcp", "http"));
            trace.ServiceName.Should().Be("demo/web:http");
        }

        [Fact]
        public void from_the_node_is_masqueraded_and_from_a_pod_to_itself_only_on_the_hairpin()
        {
            // Given
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))],
                [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"), Endpoint("10.244.1.11"))],
                [Pod("self", "10.244.1.10")]);

            // When
            var fromNode = TraceWeb(snapshot, TraceOrigin.Node);
            var hairpin = TraceWeb(snapshot, TraceOrigin.Pod("demo", "self"));

            // Then
            fromNode.Packet.Entry.Should().Be(PacketEntry.Local);
            fromNode.Packet.Source.Should().Be(NodeIp);
            fromNode.Targets.Should().OnlyContain(t => t.Masquerade);
            hairpin.Targets.Single(t => t.Endpoint == "10.244.1.10:8080").Masquerade.Should().BeTrue();
            hairpin.Targets.Single(t => t.Endpoint == "10.244.1.11:8080").Masquerade.Should().BeFalse();
        }

        [Fact]
        public void without_ready_endpoints_falls_back_to_serving_terminating_ones_and_says_so()
        {
            // Given one endpoint shutting down but still serving, one plainly not ready
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))],
                [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10", ready: false, serving: true, terminating: true), Endpoint("10.244.1.11", ready: false, serving: false))]);

            // When
            var trace = TraceWeb(snapshot, TraceOrigin.Node);

            // Then
            trace.Targets.Should().ContainSingle().Which.Endpoint.Should().Be("10.244.1.10:8080");
            trace.Diagnostics.Should().Contain(d => d.Message.Contains("serving, terminating", StringComparison.Ordinal));
        }

        [Fact]
        public void with_no_endpoints_at_all_is_rejected()
        {
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))], []);
            var trace = TraceWeb(snapshot, TraceOrigin.Node);
            trace.Verdict.Should().Be(TraceVerdict.Reject);
            trace.Reason.Should().Be("demo/web:http has no endpoints (kube-proxy rejects)");
        }

        [Theory]
        [InlineData(Node, TraceVerdict.Dnat)]
        [InlineData(OtherNode, TraceVerdict.Drop)]
        public void with_internal_traffic_policy_local_uses_this_nodes_endpoints_or_drops(string node, TraceVerdict verdict)
        {
            // Given endpoints only on node-a
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80)) with { InternalTrafficPolicy = "Local" }],
                [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"))]);

            // When
            var trace = TraceWeb(snapshot, TraceOrigin.Node, node: node);

            // Then
            trace.Verdict.Should().Be(verdict);
            if (verdict == TraceVerdict.Drop)
            {
                trace.Reason.Should().Contain("no local endpoints on node node-b (internalTrafficPolicy: Local)");
            }
        }

        [Fact]
        public void with_topology_hints_keeps_the_endpoints_hinted_for_the_nodes_zone()
        {
            // Given node-a is in zone-a
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))],
                [Slice("web", [SlicePort("http", 8080)],
                    Endpoint("10.244.1.10", hints: ["zone-a"]), Endpoint("10.244.1.11", hints: ["zone-a"]), Endpoint("10.244.2.5", OtherNode, hints: ["zone-b"]))]);

            // When
            var trace = TraceWeb(snapshot, TraceOrigin.Node);

            // Then
            trace.Targets.Select(t => t.Endpoint).Should().Equal("10.244.1.10:8080", "10.244.1.11:8080");
            trace.Diagnostics.Should().Contain(d => d.Message.Contains("zone zone-a", StringComparison.Ordinal) && d.Message.Contains("2 of 3", StringComparison.Ordinal));
        }

        [Fact]
        public void with_session_affinity_notes_the_timeout()
        {
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80)) with { SessionAffinity = "ClientIP", SessionAffinityTimeoutSeconds = 600 }],
                [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"), Endpoint("10.244.1.11"))]);
            var trace = TraceWeb(snapshot, TraceOrigin.Node);
            trace.Targets.Should().HaveCount(2);
            trace.Diagnostics.Should().Contain(d => d.Message.Contains("session affinity", StringComparison.Ordinal) && d.Message.Contains("600 s", StringComparison.Ordinal));
        }
    }

    public sealed class Not_proxied_or_not_reachable
    {
        [Fact]
        public void a_headless_service_is_answered_by_dns_not_by_kube_proxy()
        {
            var snapshot = Snapshot([Service("web", "None", Port("http", 80))], [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"))]);
            var trace = TraceWeb(snapshot, TraceOrigin.Node);
            trace.Verdict.Should().Be(TraceVerdict.Accept);
            trace.Reason.Should().StartWith("headless service");
            trace.Targets.Should().ContainSingle().Which.Masquerade.Should().BeFalse();
        }

        [Fact]
        public void an_external_name_service_is_a_cname()
        {
            var snapshot = Snapshot([Service("web", null!, Port(null, 443)) with { Type = "ExternalName", ExternalName = "api.example.com" }], []);
            TraceWeb(snapshot, TraceOrigin.Node).Reason.Should().Contain("CNAME to api.example.com");
        }

        [Fact]
        public void a_cluster_ip_only_service_cannot_be_reached_from_outside()
        {
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))], [Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"))]);
            TraceWeb(snapshot, TraceOrigin.External).Verdict.Should().Be(TraceVerdict.Drop);
        }

        [Fact]
        public void an_unknown_service_or_port_is_a_diagnostic_not_an_exception()
        {
            var snapshot = Snapshot([Service("web", "10.96.0.10", Port("http", 80))], []);
            ModelTracer.TraceService(snapshot, "demo", "nope", null, TraceOrigin.Node, Node).Diagnostics.Should().ContainSingle(d => d.Message.Contains("not found", StringComparison.Ordinal));
            TraceWeb(snapshot, TraceOrigin.Node, port: "grpc").Diagnostics.Should().Contain(d => d.Message.Contains("no port", StringComparison.Ordinal));
        }
    }

    public sealed class Origin
    {
        [Theory]
        [InlineData("node", TraceOriginKind.Node, null, null)]
        [InlineData("External", TraceOriginKind.External, null, null)]
        [InlineData("client", TraceOriginKind.Pod, "demo", "client")]
        [InlineData("kube-system/coredns-1", TraceOriginKind.Pod, "kube-system", "coredns-1")]
        public void parses_the_from_option(string text, TraceOriginKind kind, string? ns, string? pod)
        {
            TraceOrigin.Parse(text, "demo").Should().Be(new TraceOrigin(kind, ns, pod));
        }
    }
}
