using System.Globalization;
using System.Text.Json;
using Companion.Cluster.Recording;

namespace Companion.Cluster.Tests.Recording;

/// <summary>
/// The recorded experiments that need kube-proxy's other mode (no kernel): the scale experiment per mode and size, iptables vs
/// nftables connects, and the rule counters, as the shipped lab-default carries them and as #!lab replays them.
/// </summary>
public static class LabReplayModesTests
{
    private static LabCommandLine Line(string text) => LabCommandLine.Parse(text).Value!;

    public sealed class The_shipped_lab_recording
    {
        private readonly DirectoryInfo _lab = RecordedMeasurementsTests.ShippedLab();

        [Theory]
        [InlineData(0)]
        [InlineData(1000)]
        [InlineData(10000)]
        public void the_scale_experiment_is_recorded_in_both_modes_with_raw_samples(int services)
        {
            // Given
            var measurements = new RecordedMeasurements(_lab);

            foreach (var mode in new[] { "iptables", "nftables" })
            {
                // When
                var m = measurements.Get($"scale-{mode}-{services}");

                // Then two points (first and last rule), each in this mode, with every connect's time kept
                m!.Kind.Should().Be("LabScalePoints");
                m.Command.Should().StartWith($"companion lab scale --services {services} --samples ");
                m.Note.Should().Contain($"kube-proxy {mode} mode");
                var points = m.Result.EnumerateArray().ToList();
                points.Select(p => p.GetProperty("position").GetString()).Should().Equal("first", "last");
                points.Should().AllSatisfy(p =>
                {
                    p.GetProperty("mode").GetString().Should().Be(mode);
                    p.GetProperty("services").GetInt32().Should().Be(services + 2);
                    p.GetProperty("samplesUs").GetArrayLength().Should().Be(p.GetProperty("summary").GetProperty("count").GetInt32() - p.GetProperty("failed").GetInt32()).And.BeGreaterThan(0);
                });
            }
        }

        [Fact]
        public void the_scale_magic_with_the_recorded_size_replays_the_iptables_run_and_names_the_nftables_one()
        {
            // Given the size and sample count the recorder used
            var recorded = new RecordedMeasurements(_lab).Get("scale-iptables-1000")!;
            var samples = Line(recorded.Command).Options["--samples"];

            // When
            var match = RecordedLabReplay.Find(_lab, Line($"#!lab scale --services 1000 --samples {samples}"), null);
            var view = RecordedLabView.ToView(match!);
            var chart = RecordedLabView.ToChart(match!);

            // Then the label says when and from where, the table has one row per point (raw samples counted, not listed),
            // and the chart has every raw sample of both points
            match!.Measurement.Name.Should().Be("scale-iptables-1000");
            match.Exact.Should().BeTrue();
            match.Alternatives.Should().Equal("scale-nftables-1000");
            match.Label.Should().StartWith($"recorded {recorded.CapturedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC from lab-default (scale-iptables-1000: companion lab scale --services 1000");
            view.Rows.Should().HaveCount(2);
            view.Rows.Select(r => r[view.Headers.ToList().IndexOf("samplesUs")]).Should().OnlyContain(cell => cell.EndsWith(" values)", StringComparison.Ordinal));
            chart!.Series.Select(s => s.Label).Should().Equal("iptables, 1002 Services, rule first", "iptables, 1002 Services, rule last");
            chart.Series.Sum(s => s.SamplesMs.Count).Should().Be(recorded.Result.EnumerateArray().Sum(p => p.GetProperty("samplesUs").GetArrayLength()));
            chart.Source.Should().Be(match.Label);
        }

        [Fact]
        public void the_scale_magic_with_its_defaults_replays_the_same_size_and_says_the_sample_size_differs()
        {
            // When (#!lab scale means --services 1000 --samples 1000)
            var match = RecordedLabReplay.Find(_lab, Line("#!lab scale"), null);
            var nft = RecordedLabReplay.Find(_lab, Line("#!lab scale --services 10000"), "scale-nftables-10000");

            // Then
            match!.Measurement.Name.Should().Be("scale-iptables-1000");
            match.Exact.Should().BeFalse();
            match.Label.Should().Contain("another sample size").And.Contain("scale-nftables-1000 (choose with --recorded NAME)");
            nft!.Label.Should().Contain("kube-proxy nftables mode");
        }

        [Fact]
        public void a_scale_size_that_was_not_recorded_is_still_the_one_line_not_recorded()
        {
            // Given
            var request = Line("#!lab scale --services 3000 --samples 60");

            // When
            var match = RecordedLabReplay.Find(_lab, request, null);
            var line = RecordedLabReplay.NotRecorded(_lab, request, null);

            // Then
            match.Should().BeNull();
            line.Should().StartWith("lab-default has no measurement of this command: it needs the lab.")
                .And.Contain("`#!lab scale --samples 60 --services 3000`").And.Contain("scale-nftables-10000").And.NotContain("\n");
        }

        [Fact]
        public void iptables_and_nftables_connects_are_recorded_interleaved_and_replay_for_their_command()
        {
            // Given
            var measurements = new RecordedMeasurements(_lab);
            var ipt = measurements.Get("tcp-backend-mode-iptables")!;
            var nft = measurements.Get("tcp-backend-mode-nftables")!;

            // When the CLI twin of the iptables run is asked for (its --count), and the nftables run by name
            var match = RecordedLabReplay.Find(_lab, Line(ipt.Command.Replace("companion lab", "#!lab", StringComparison.Ordinal)), null);
            var picked = RecordedLabReplay.Find(_lab, Line("#!lab probe tcp backend:80 --from shop/frontend-0"), "tcp-backend-mode-nftables");

            // Then both are LabTcpProbeRuns of the same size, each labelled with its mode, and the other is named
            foreach (var m in new[] { ipt, nft })
            {
                m.Kind.Should().Be("LabTcpProbeRun");
                m.Result.GetProperty("samples").GetArrayLength().Should().Be(m.Result.GetProperty("summary").GetProperty("count").GetInt32()).And.BeGreaterThan(0);
            }

            nft.Command.Should().Contain("--name ").And.Contain($"--count {ipt.Result.GetProperty("samples").GetArrayLength()}");
            match!.Measurement.Name.Should().Be("tcp-backend-mode-iptables");
            match.Exact.Should().BeTrue();
            match.Alternatives.Should().Equal("tcp-backend-mode-nftables");
            match.Label.Should().Contain("kube-proxy iptables mode").And.Contain("interleaved with the nftables lab");
            picked!.Label.Should().Contain("(tcp-backend-mode-nftables: companion lab probe tcp backend:80").And.Contain("kube-proxy nftables mode");
            RecordedLabView.ToChart(picked)!.Series.Single().SamplesMs.Should().NotBeEmpty();
        }

        [Fact]
        public void the_rule_counters_count_one_packet_per_connection_on_the_services_nat_rule()
        {
            // When
            var m = new RecordedMeasurements(_lab).Get("rule-counters-backend")!;
            var r = m.Result;
            var connects = r.GetProperty("connects").GetInt32();

            // Then the Service's KUBE-SERVICES rule moved by one per connection, its endpoints' DNAT rules share them, and
            // conntrack counted every packet of those connections
            m.Kind.Should().Be("RuleCounters");
            connects.Should().BeGreaterThan(0);
            r.GetProperty("serviceRulePackets").GetInt64().Should().Be(connects);
            var rules = r.GetProperty("rules").EnumerateArray().ToList();
            rules.Where(x => x.GetProperty("chain").GetString()!.StartsWith("KUBE-SEP-", StringComparison.Ordinal) && x.GetProperty("rule").GetString()!.Contains("DNAT", StringComparison.Ordinal))
                .Sum(x => x.GetProperty("packets").GetInt64()).Should().Be(connects);
            rules.Should().OnlyContain(x => x.GetProperty("packets").GetInt64() == x.GetProperty("packetsAfter").GetInt64() - x.GetProperty("packetsBefore").GetInt64());
            r.GetProperty("conntrack").GetProperty("connections").GetInt32().Should().Be(connects);
            r.GetProperty("conntrack").GetProperty("packetsOriginal").GetInt64().Should().BeGreaterThan(connects * 2L);
            r.GetProperty("listingAfter").GetString().Should().Contain("Chain KUBE-SERVICES").And.Contain("pkts");
            RecordedLabReplay.Find(_lab, Line("#!lab probe tcp backend:80 --from shop/frontend-0"), "rule-counters-backend")!.Label
                .Should().StartWith("recorded ").And.Contain("UTC from lab-default (rule-counters-backend: iptables-save -c -t nat");
        }
    }

    public sealed class A_made_up_recording : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("c80-labreplay-modes-");

        public void Dispose() => _dir.Delete(recursive: true);

        [Fact]
        public async Task scale_points_with_raw_samples_chart_in_ms_and_a_point_without_them_is_left_out()
        {
            // Given a scale run whose second point has no raw samples and whose first has more than a table cell shows
            var us = string.Join(",", Enumerable.Range(1, 25).Select(i => (i * 100).ToString(CultureInfo.InvariantCulture)));
            using var doc = JsonDocument.Parse($$"""[{"services":2,"mode":"nftables","position":"first","summary":{"count":25},"failed":0,"samplesUs":[{{us}}]},{"services":2,"mode":"nftables","position":"last","summary":{"count":0},"failed":0}]""");
            await RecordedMeasurements.WriteAsync(_dir, new RecordedMeasurement("scale-nftables-0", "LabScalePoints", DateTimeOffset.UnixEpoch,
                "companion lab scale --services 0 --samples 25 --json", doc.RootElement.Clone(), "kube-proxy nftables mode"), TestContext.Current.CancellationToken);

            // When
            var match = RecordedLabReplay.Find(_dir, Line("#!lab scale --services 0 --samples 25"), null)!;
            var chart = RecordedLabView.ToChart(match);
            var view = RecordedLabView.ToView(match);

            // Then
            chart!.Series.Should().ContainSingle().Which.Label.Should().Be("nftables, 2 Services, rule first");
            chart.Series[0].SamplesMs.Should().HaveCount(25).And.StartWith(0.1).And.EndWith(2.5);
            chart.Title.Should().Be("scale (recorded)");
            view.Rows[0][view.Headers.ToList().IndexOf("samplesUs")].Should().Be("(25 values)");
            view.Rows[1].Should().HaveCount(view.Headers.Count);
        }
    }
}
