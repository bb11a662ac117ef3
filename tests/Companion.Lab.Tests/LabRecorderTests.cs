using Companion.Cli;
using Companion.Cluster.Recording;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabRecorderTests(SharedLabFixture lab) : IClassFixture<SharedLabFixture>
{
    [Fact]
    public async Task record_lab_replays_the_same_objects_as_the_lab_source_with_its_measurements()
    {
        // Given
        lab.Require();
        var ct = TestContext.Current.CancellationToken;
        var parent = Directory.CreateTempSubdirectory("c80-labrec-");
        try
        {
            var output = Path.Combine(parent.FullName, "rec");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();

            // When
            var exit = await CompanionCli.RunAsync(["record", "--lab", "--lab-name", lab.Name, "--out", output, "--json"], stdout, stderr, ct);
            var replay = new RecordedClusterSource(new DirectoryInfo(output));
            var recorded = await replay.GetSnapshotAsync(null, ct);
            var live = await new LabClusterSource(lab.Name, lab.Controller).GetSnapshotAsync(null, ct);

            // Then
            exit.Should().Be(0, stderr.ToString());
            recorded.Services.Should().BeEquivalentTo(live.Services, o => o.Excluding(s => s.Labels)); // the mapper gives {} where the lab has no labels
            recorded.Pods.Select(p => (p.Namespace, p.Name, p.NodeName, p.PodIp, p.Ready)).Should().BeEquivalentTo(live.Pods.Select(p => (p.Namespace, p.Name, p.NodeName, p.PodIp, p.Ready)));
            recorded.EndpointSlices.Should().BeEquivalentTo(live.EndpointSlices);
            recorded.ProxyMode.Mode.Should().Be(live.ProxyMode.Mode);
            replay.Manifest.Context.Should().Contain(lab.Name);
            (await replay.GetNodeDumpAsync("node-a", ct))!.IptablesSave.Should().Contain("KUBE-SERVICES");
            var tcp = replay.Measurements.Get("tcp-backend")!;
            tcp.Result.GetProperty("samples").GetArrayLength().Should().Be(300);
            replay.Measurements.Names.Should().Contain(["dns-short", "dns-fqdn", "dns-stall-default", "dns-stall-timeout-1", "dns-gai-healthy",
                "tcp-pod-same-node", "tcp-pod-other-node", "tcp-backend-loss-15", "trace-backend", "capture-dns-stall", "cmd-route-get-pod", "cmd-nft-chains-node",
                "tcp-backend-mode-iptables", "tcp-backend-mode-nftables", "rule-counters-backend", "scale-iptables-0", "scale-nftables-10000"]);
            var stall = replay.Measurements.Get("dns-stall-default")!;
            stall.Kind.Should().Be("GetaddrinfoRun");
            stall.Note.Should().Contain("dns-second-packet");
            var stallMs = stall.Result.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("ms").GetDouble()).ToList();
            stallMs.Should().HaveCount(3).And.Contain(ms => ms >= 4_500, "glibc waits its 5 s timeout for the reply the fault dropped");
            replay.Measurements.Get("capture-dns-stall")!.Result.GetProperty("packets").GetArrayLength().Should().BeGreaterThan(2);
            replay.Measurements.Get("trace-backend")!.Result.GetProperty("kernelHits").GetArrayLength().Should().BeGreaterThan(0);
            replay.Measurements.Get("cmd-route-get-pod")!.Result.GetProperty("stdout").GetString().Should().Contain("dev eth0");
            Directory.GetDirectories(parent.FullName).Should().Equal(output);
            await LabRoot.AssertNothingLeftAsync(lab.Name + "n"); // the recorder's nftables lab is down again
        }
        finally
        {
            parent.Delete(recursive: true);
        }
    }
}
