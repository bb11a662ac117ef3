using Companion.Core.Model;

namespace Companion.Lab.Tests;

/// <summary>
/// The recorder's experiments on a second lab in kube-proxy's other mode (root, real labs): iptables vs nftables connects,
/// the iptables rule counters and the scale experiment, kept small; the second lab is always taken down.
/// </summary>
[Collection("lab (root)")]
public sealed class LabRecorderModesTests(SharedLabFixture lab) : IClassFixture<SharedLabFixture>
{
    private static readonly LabRecordOptions Small = new(ModeRounds: 2, ModeCountPerRound: 5, CounterConnects: 5, ScaleServices: [0, 50], ScaleSamples: 5);

    [Fact]
    public async Task the_mode_comparison_counters_and_scale_runs_give_samples_and_leave_no_second_lab()
    {
        // Given the shared lab (iptables mode) and its client and Service
        var t = lab.Require();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMinutes(4));
        var pod = t.Pods.First(p => p.Deployment == "frontend");
        var service = t.Services.First(s => s.Name == "backend");
        var other = LabRecorderModes.OtherLabName(t.LabName, ProxyMode.Nftables);

        // When
        var measurements = await LabRecorderModes.MeasureAsync(lab.Controller, t, pod, service, ProxyMode.Iptables, Small, null, cts.Token);
        var byName = measurements.ToDictionary(m => m.Name);
        var nat = await LabRoot.InNetnsAsync(t.Nodes.Single(n => n.Name == pod.NodeName).Netns, "iptables-save", "-t", "nat");

        // Then every new measurement is there with real samples
        byName.Keys.Should().BeEquivalentTo("tcp-backend-mode-iptables", "tcp-backend-mode-nftables", "rule-counters-backend",
            "scale-iptables-0", "scale-nftables-0", "scale-iptables-50", "scale-nftables-50");
        foreach (var mode in new[] { "iptables", "nftables" })
        {
            var run = byName[$"tcp-backend-mode-{mode}"].Result.GetProperty("samples").EnumerateArray().ToList();
            run.Should().HaveCount(10).And.OnlyContain(s => s.GetProperty("ok").GetBoolean() && s.GetProperty("ms").GetDouble() > 0);
            foreach (var n in new[] { 0, 50 })
            {
                var points = byName[$"scale-{mode}-{n}"].Result.EnumerateArray().ToList();
                points.Select(p => (p.GetProperty("mode").GetString(), p.GetProperty("services").GetInt32(), p.GetProperty("position").GetString()))
                    .Should().Equal((mode, n + 2, "first"), (mode, n + 2, "last"));
                points.Should().OnlyContain(p => p.GetProperty("samplesUs").GetArrayLength() == 5 && p.GetProperty("samplesUs").EnumerateArray().All(us => us.GetDouble() > 0));
            }
        }

        byName["tcp-backend-mode-nftables"].Command.Should().Contain($"--name {other}");
        var counters = byName["rule-counters-backend"].Result;
        counters.GetProperty("connects").GetInt32().Should().Be(5);
        counters.GetProperty("serviceRulePackets").GetInt64().Should().Be(5, "the nat table sees the first packet of each connection only");
        counters.GetProperty("conntrack").GetProperty("connections").GetInt32().Should().Be(5);
        counters.GetProperty("conntrack").GetProperty("packetsOriginal").GetInt64().Should().BeGreaterThan(10);

        // and the second lab is gone, and the lab's own rules are back (no scale Services left)
        await LabRoot.AssertNothingLeftAsync(other);
        nat.Stdout.Should().Contain("shop/backend:http").And.NotContain("zzz/last").And.NotContain("scale/svc-");
    }

    [Fact]
    public async Task a_recording_cancelled_while_both_labs_are_up_still_takes_the_second_lab_down()
    {
        // Given a token cancelled as soon as the comparison starts (the second lab is up then)
        var t = lab.Require();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMinutes(2));
        var other = LabRecorderModes.OtherLabName(t.LabName, ProxyMode.Nftables);
        var sawOtherUp = false;
        var progress = new Synchronous(step =>
        {
            if (step.StartsWith("iptables vs nftables", StringComparison.Ordinal))
            {
                sawOtherUp = lab.Controller.Store.Load(other) is not null;
                cts.Cancel();
            }
        });

        // When
        var act = () => LabRecorderModes.MeasureAsync(lab.Controller, t, t.Pods.First(p => p.Deployment == "frontend"), t.Services.First(s => s.Name == "backend"),
            ProxyMode.Iptables, Small, progress, cts.Token);

        // Then
        await act.Should().ThrowAsync<OperationCanceledException>();
        sawOtherUp.Should().BeTrue();
        await LabRoot.AssertNothingLeftAsync(other);
    }

    private sealed class Synchronous(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
