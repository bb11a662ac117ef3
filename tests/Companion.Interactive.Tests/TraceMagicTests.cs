namespace Companion.Interactive.Tests;

/// <summary>#!trace through the packed extension: model prediction on the recording, and a rule dump file.</summary>
public static class TraceMagicTests
{
    // demo/web:http on 10.96.0.10:80 → two endpoints, as iptables-save prints kube-proxy's rules.
    private const string Dump = """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :KUBE-MARK-MASQ - [0:0]
        :KUBE-SEP-A - [0:0]
        :KUBE-SEP-B - [0:0]
        :KUBE-SERVICES - [0:0]
        :KUBE-SVC-XRY76EGRC3BSCIIJ - [0:0]
        -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
        -A KUBE-SEP-A -s 10.244.1.10/32 -m comment --comment "demo/web:http" -j KUBE-MARK-MASQ
        -A KUBE-SEP-A -p tcp -m comment --comment "demo/web:http" -m tcp -j DNAT --to-destination 10.244.1.10:8080
        -A KUBE-SEP-B -s 10.244.2.5/32 -m comment --comment "demo/web:http" -j KUBE-MARK-MASQ
        -A KUBE-SEP-B -p tcp -m comment --comment "demo/web:http" -m tcp -j DNAT --to-destination 10.244.2.5:8080
        -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "demo/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-XRY76EGRC3BSCIIJ
        -A KUBE-SVC-XRY76EGRC3BSCIIJ -m comment --comment "demo/web:http -> 10.244.1.10:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
        -A KUBE-SVC-XRY76EGRC3BSCIIJ -m comment --comment "demo/web:http -> 10.244.2.5:8080" -j KUBE-SEP-B
        COMMIT
        """;

    [Collection(PackedKernelCollection.Name)]
    public sealed class Service(PackedKernel kernel)
    {
        [Fact]
        public async Task predicts_from_api_objects_with_a_journey_and_a_sankey()
        {
            // Given the recording (no node dumps of rules)
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When tracing demo/web:80 from a pod
            var result = await kernel.RunAsync("#!trace service web:80 -n demo --from demo/frontend-sm8n6zst26-wgwc6");

            // Then the verdict is DNAT to the three web pods, predicted from API objects, with one Sankey plot
            result.Failure().Should().BeNull();
            var document = KernelResults.Parse(result.LastHtml());
            document.QuerySelector(".verdict")!.TextContent.Should().Be("dnat");
            document.QuerySelector(".trace-method")!.TextContent.Should().Be("predicted from API objects");
            var html = result.LastHtml();
            html.Should().Contain("10.244.1.5").And.Contain("10.244.2.2").And.Contain("10.244.1.4").And.Contain("10.244.1.3");
            html.Should().Contain("\"type\":\"sankey\"");
            document.QuerySelectorAll(".companion-plot").Should().ContainSingle();
            html.Should().Contain("recorded 2026-11-30");
        }

        [Fact]
        public async Task node_binds_and_is_noted()
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When tracing from node-b's own network namespace
            var result = await kernel.RunAsync("#!trace service demo/web --from node --node node-b");

            // Then the client is node-b's address
            result.Failure().Should().BeNull();
            result.LastHtml().Should().Contain("172.18.0.3");
        }

        [Fact]
        public async Task an_unknown_service_is_one_line()
        {
            // Given the recording
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When tracing a Service that does not exist
            var result = await kernel.RunAsync("#!trace service nosuch -n demo");

            // Then the cell fails with one line naming it and the source
            result.Failure().Should().Contain("demo/nosuch not found").And.Contain("recorded");
        }
    }

    [Collection(PackedKernelCollection.Name)]
    public sealed class Packet(PackedKernel kernel) : IDisposable
    {
        private readonly string _rules = Path.Combine(Path.GetTempPath(), $"companion-glue-rules-{Guid.NewGuid():N}.txt");

        public void Dispose() => File.Delete(_rules);

        [Fact]
        public async Task traces_a_rules_file_to_both_endpoints_at_one_half()
        {
            // Given an iptables-save dump
            await File.WriteAllTextAsync(_rules, Dump, TestContext.Current.CancellationToken);

            // When tracing a packet to the ClusterIP with every option given
            var result = await kernel.RunAsync($"#!trace packet --src 10.244.9.9 --dst 10.96.0.10 --proto tcp --dport 80 --from network --rules {_rules} --format iptables-save");

            // Then DNAT to both endpoints at 50 %, the matched chains shown, and a Sankey
            result.Failure().Should().BeNull();
            var html = result.LastHtml();
            html.Should().Contain("10.244.1.10:8080").And.Contain("10.244.2.5:8080").And.Contain("KUBE-SVC-XRY76EGRC3BSCIIJ");
            html.Should().Contain("\"type\":\"sankey\"");
            KernelResults.Parse(html).QuerySelector(".verdict")!.TextContent.Should().Be("dnat");
        }

        [Fact]
        public async Task from_local_enters_through_output()
        {
            // Given the dump
            await File.WriteAllTextAsync(_rules, Dump, TestContext.Current.CancellationToken);

            // When the node itself sends the packet
            var result = await kernel.RunAsync($"#!trace packet --src 10.0.0.1 --dst 10.96.0.10 --dport 80 --from local --rules {_rules}");

            // Then the journey says it was sent by the node
            result.Failure().Should().BeNull();
            result.LastHtml().Should().Contain("sent by the node");
        }

        [Theory]
        [InlineData("--src nope --dst 10.96.0.10 --dport 80", "--src must be an IP address")]
        [InlineData("--src 10.0.0.1 --dst 10.96.0.10 --dport 80 --proto icmp", "--proto must be tcp, udp or sctp")]
        [InlineData("--src 10.0.0.1 --dst 10.96.0.10 --dport 0", "--dport must be between 1 and 65535")]
        [InlineData("--src 10.0.0.1 --dst 10.96.0.10 --dport 80 --from space", "--from must be network or local")]
        [InlineData("--src 10.0.0.1 --dst 10.96.0.10 --dport 80 --format pf", "--format must be")]
        [InlineData("--src 10.0.0.1 --dst 10.96.0.10 --dport 80 --sport 5", "--sport")]
        public async Task a_bad_option_is_one_line(string options, string expected)
        {
            // Given the dump
            await File.WriteAllTextAsync(_rules, Dump, TestContext.Current.CancellationToken);

            // When a packet option is wrong
            var result = await kernel.RunAsync($"#!trace packet {options} --rules {_rules}");

            // Then one line names it
            result.Failure().Should().Contain(expected);
            result.Failure()!.Trim().Should().NotContain("\n");
        }

        [Fact]
        public async Task a_missing_rules_file_is_one_line()
        {
            // When the rules file does not exist
            var result = await kernel.RunAsync("#!trace packet --src 10.0.0.1 --dst 10.96.0.10 --dport 80 --rules /nonexistent/rules.txt");

            // Then the cell fails naming the file
            result.Failure().Should().Contain("/nonexistent/rules.txt");
        }

        [Fact]
        public async Task a_source_without_rule_dumps_says_so()
        {
            // Given the recording, which has no rule dumps
            (await kernel.RunAsync(ClusterMagicFixture.ConnectRecording)).Failure().Should().BeNull();

            // When tracing a packet without --rules
            var result = await kernel.RunAsync("#!trace packet --src 10.0.0.1 --dst 10.96.0.10 --dport 80 --node node-a");

            // Then one line says there is no dump and what to do
            result.Failure().Should().Contain("no rule dump for node node-a").And.Contain("--rules FILE");
        }
    }
}
