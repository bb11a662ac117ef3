using System.Diagnostics;
using Companion.Core.Lab;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabFaultTests
{
    private static async Task<(LabController Controller, string Name, LabTopology Topology)> UpAsync()
    {
        LabRoot.Require();
        var name = LabRoot.UniqueName();
        var controller = new LabController(proxyRules: LabProxyRules.Instance);
        var topology = await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default"), null, TestContext.Current.CancellationToken);
        return (controller, name, topology);
    }

    private static async Task<double> LookupSecondsAsync(LabPod pod, string host)
    {
        var watch = Stopwatch.StartNew();
        var r = await LabRoot.InNetnsAsync(pod.Netns, "getent", "ahosts", host);
        r.ExitCode.Should().Be(0, r.Stderr);
        return watch.Elapsed.TotalSeconds;
    }

    public sealed class Dropping_the_second_dns_packet
    {
        [Fact]
        public async Task stalls_glibc_for_seconds_until_single_request_reopen_is_set()
        {
            // Given
            var (controller, name, topology) = await UpAsync();
            var ct = TestContext.Current.CancellationToken;
            var frontend = topology.Pods.Single(p => p.Deployment == "frontend");
            try
            {
                var before = await LookupSecondsAsync(frontend, "backend");

                // When
                await LabFaults.ApplyAsync(topology, new LabFault(LabFaultKind.DnsSecondPacket), ct);
                var stalled = await LookupSecondsAsync(frontend, "backend");
                await LabFaults.SetResolvOptionsAsync(topology, frontend, ["single-request-reopen"], ct);
                var reopened = await LookupSecondsAsync(frontend, "backend");
                await LabFaults.SetResolvOptionsAsync(topology, frontend, [], ct);
                await LabFaults.ClearAsync(topology, ct);
                var cleared = await LookupSecondsAsync(frontend, "backend");

                // Then: glibc's 5 s timeout shows; single-request-reopen sends AAAA from a new socket (a new flow)
                TestContext.Current.SendDiagnosticMessage($"before {before:0.000} s, stalled {stalled:0.000} s, single-request-reopen {reopened:0.000} s, cleared {cleared:0.000} s");
                before.Should().BeLessThan(2);
                stalled.Should().BeGreaterThan(4.5);
                reopened.Should().BeLessThan(2);
                cleared.Should().BeLessThan(2);
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }
        }
    }

    public sealed class Misconfigurations
    {
        [Fact]
        public async Task br_netfilter_off_breaks_service_traffic_to_a_pod_on_the_same_bridge_only()
        {
            // Given
            var (controller, name, topology) = await UpAsync();
            var ct = TestContext.Current.CancellationToken;
            var frontend = topology.Pods.Single(p => p.Deployment == "frontend");
            var sameNode = topology.Pods.Single(p => p.Deployment == "backend" && p.NodeName == frontend.NodeName);
            try
            {
                // When
                await LabFaults.ApplyAsync(topology, new LabFault(LabFaultKind.BrNetfilterOff), ct);
                var broken = await LabTcpProbe.ProbeAsync(topology, frontend, "backend", 80, 60, TimeSpan.FromMilliseconds(300), ct);
                await LabFaults.ClearAsync(topology, ct);
                var fixedRun = await LabTcpProbe.ProbeAsync(topology, frontend, "backend", 80, 60, TimeSpan.FromSeconds(2), ct);

                // Then
                broken.Samples.Should().Contain(s => !s.Ok);
                broken.ByEndpoint().Keys.Should().NotContain($"{sameNode.Ip}:8080");
                broken.ByEndpoint().Should().NotBeEmpty();
                fixedRun.Samples.Should().OnlyContain(s => s.Ok);
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }
        }

        [Fact]
        public async Task hairpin_off_breaks_a_pod_that_is_balanced_to_itself()
        {
            // Given
            var (controller, name, topology) = await UpAsync();
            var ct = TestContext.Current.CancellationToken;
            var self = topology.Pods.First(p => p.Deployment == "backend");
            try
            {
                // When
                await LabFaults.ApplyAsync(topology, new LabFault(LabFaultKind.HairpinOff), ct);
                var broken = await LabTcpProbe.ProbeAsync(topology, self, "backend", 80, 60, TimeSpan.FromMilliseconds(300), ct);
                await LabFaults.ClearAsync(topology, ct);
                var fixedRun = await LabTcpProbe.ProbeAsync(topology, self, "backend", 80, 60, TimeSpan.FromSeconds(2), ct);

                // Then
                broken.Samples.Should().Contain(s => !s.Ok);
                broken.ByEndpoint().Keys.Should().NotContain($"{self.Ip}:8080");
                fixedRun.Samples.Should().OnlyContain(s => s.Ok);
                fixedRun.ByEndpoint().Keys.Should().Contain($"{self.Ip}:8080");
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }
        }

        [Fact]
        public async Task delay_needs_netem_and_says_so_plainly_where_the_kernel_has_none()
        {
            // Given
            var (controller, name, topology) = await UpAsync();
            var ct = TestContext.Current.CancellationToken;
            try
            {
                // When
                var act = () => LabFaults.ApplyAsync(topology, new LabFault(LabFaultKind.Delay, DelayMs: 20), ct);

                // Then: either the kernel has netem and the qdisc is there, or the one-line message says it is missing
                try
                {
                    await act();
                    var qdisc = await LabRoot.InNetnsAsync(topology.Nodes[0].Netns, "tc", "qdisc", "show", "dev", "eth0");
                    qdisc.Stdout.Should().Contain("netem");
                }
                catch (LabException e)
                {
                    e.Message.Should().Contain("no netem").And.NotContain("\n");
                }

            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }
        }
    }
}
