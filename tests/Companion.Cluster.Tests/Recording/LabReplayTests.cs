using System.Text.Json;
using Companion.Cluster.Recording;

namespace Companion.Cluster.Tests.Recording;

/// <summary>Matching a #!lab command to a recording's measurement (no kernel): canonical command lines, the shipped lab-default, a made-up recording.</summary>
public static class LabReplayTests
{
    private static LabCommandLine Line(string text) => LabCommandLine.Parse(text).Value!;

    public sealed class Canonical_command_lines
    {
        [Fact]
        public void the_magic_and_the_cli_spelling_of_one_request_are_the_same()
        {
            // Given the CLI line a recording stores and the magic a notebook writes, options in another order
            var cli = Line("companion lab probe dns backend --from shop/frontend-0 --count 20 --json --name recx");
            var magic = Line("#!lab probe dns backend --count 20 --from shop/frontend-0 --lab c80x");

            // When both are normalized
            // Then they are the same request, and the canonical text drops the lab name and --json
            cli.Normalize().SameAs(magic.Normalize()).Should().BeTrue();
            magic.Normalize().ToCli().Should().Be("companion lab probe dns backend --count 20 --from shop/frontend-0");
            magic.Normalize().ToMagic().Should().Be("#!lab probe dns backend --count 20 --from shop/frontend-0");
        }

        [Theory]
        [InlineData("#!lab probe tcp backend:80 --from a/b", "#!lab probe tcp backend:80 --from a/b --count 1 --timeout-ms 2000")]
        [InlineData("#!lab scale", "#!lab scale --services 1000 --samples 1000")]
        [InlineData("#!lab capture --pod a/b", "#!lab capture --pod a/b --count 100 --seconds 10.0 --out x.pcap")]
        public void defaults_written_out_or_left_out_are_the_same_request(string shortForm, string longForm)
        {
            // When
            var same = Line(shortForm).Normalize().SameAs(Line(longForm).Normalize());

            // Then
            same.Should().BeTrue();
        }

        [Theory]
        [InlineData("#!lab probe dns backend --from a/b", "#!lab probe dns backend.shop --from a/b")]
        [InlineData("#!lab probe dns backend --from a/b", "#!lab probe dns backend --from a/c")]
        [InlineData("#!lab probe dns backend --from a/b", "#!lab probe tcp backend --from a/b")]
        [InlineData("#!lab scale --services 10", "#!lab scale --services 20")]
        public void another_name_pod_kind_or_size_is_another_request(string one, string other)
        {
            // When
            var same = Line(one).Normalize().WithoutSampleSize().SameAs(Line(other).Normalize().WithoutSampleSize());

            // Then
            same.Should().BeFalse();
        }

        [Fact]
        public void a_quoted_filter_is_one_word_and_is_quoted_again()
        {
            // When
            var line = Line("#!lab capture --pod a/b --filter \"udp port 53\"").Normalize();

            // Then
            line.Options["--filter"].Should().Be("udp port 53");
            line.ToMagic().Should().Contain("--filter \"udp port 53\"");
        }

        [Theory]
        [InlineData("")]
        [InlineData("companion dns probe x")]
        [InlineData("#!k8s get pods")]
        [InlineData("companion lab")]
        public void something_that_is_not_a_lab_command_is_a_diagnostic_not_an_exception(string text)
        {
            // When
            var parsed = LabCommandLine.Parse(text);

            // Then
            parsed.Value.Should().BeNull();
            parsed.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("not a lab command");
        }
    }

    public sealed class The_shipped_lab_recording
    {
        private readonly DirectoryInfo _lab = RecordedMeasurementsTests.ShippedLab();

        [Fact]
        public void a_dns_probe_with_the_recorded_count_finds_its_measurement_exactly()
        {
            // When
            var match = RecordedLabReplay.Find(_lab, Line("#!lab probe dns backend.shop --count 20 --from shop/frontend-0"), null);

            // Then
            match!.Measurement.Name.Should().Be("dns-svc-ns");
            match.Exact.Should().BeTrue();
            match.Alternatives.Should().BeEmpty();
            match.Label.Should().StartWith($"recorded {match.Measurement.CapturedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC from lab-default (dns-svc-ns: companion lab probe dns backend.shop");
        }

        [Fact]
        public void the_same_request_with_another_count_is_shown_and_says_so()
        {
            // When
            var match = RecordedLabReplay.Find(_lab, Line("#!lab probe tcp backend:80 --from shop/frontend-0 --count 50"), null);

            // Then
            match!.Measurement.Name.Should().Be("tcp-backend");
            match.Exact.Should().BeFalse();
            match.Label.Should().Contain("another sample size");
        }

        [Fact]
        public void several_recordings_of_one_request_list_the_others_and_recorded_picks_one()
        {
            // Given backend:80 recorded with 300 connects, and with a note: 30 under a loss fault, 100 in each kube-proxy mode
            var request = Line("#!lab probe tcp backend:80 --from shop/frontend-0 --count 50");

            // When
            var first = RecordedLabReplay.Find(_lab, request, null);
            var picked = RecordedLabReplay.Find(_lab, request, "dns-stall-use-vc");

            // Then the one without a note is shown and the others (the loss run, the iptables vs nftables runs) are named;
            // --recorded picks any measurement by name
            first!.Measurement.Name.Should().Be("tcp-backend");
            first.Alternatives.Should().Equal("tcp-backend-loss-15", "tcp-backend-mode-iptables", "tcp-backend-mode-nftables");
            first.Label.Should().Contain("also recorded for this command: tcp-backend-loss-15, tcp-backend-mode-iptables, tcp-backend-mode-nftables (choose with --recorded NAME)");
            picked!.Measurement.Name.Should().Be("dns-stall-use-vc");
            picked.Label.Should().Contain("use-vc");
        }

        [Fact]
        public void a_recorded_capture_matches_the_magic_with_lookup_and_shows_its_packets()
        {
            // When
            var match = RecordedLabReplay.Find(_lab, Line("#!lab capture --pod shop/frontend-0 --count 40 --filter \"udp port 53\" --lookup backend"), null);
            var view = RecordedLabView.ToView(match!);

            // Then
            match!.Measurement.Name.Should().Be("capture-dns-stall");
            view.Headers.Should().Contain(["source", "destination", "dnsQuestion"]);
            view.Rows.Should().HaveCount(match.Measurement.Result.GetProperty("packets").GetArrayLength());
        }

        [Fact]
        public void a_recorded_trace_shows_the_rules_the_kernel_fired()
        {
            // When
            var match = RecordedLabReplay.Find(_lab, Line("#!lab trace backend:80 --from shop/frontend-0"), null);
            var view = RecordedLabView.ToView(match!);

            // Then
            match!.Measurement.Name.Should().Be("trace-backend");
            view.Headers.Should().Contain(["table", "chain", "verdict"]);
            view.Rows.Select(r => r[view.Headers.ToList().IndexOf("chain")]).Should().Contain(c => c.StartsWith("KUBE-SVC-", StringComparison.Ordinal));
        }

        [Fact]
        public void a_command_that_was_never_recorded_finds_nothing_and_says_what_to_run()
        {
            // Given
            var request = Line("#!lab probe dns web --count 2 --from shop/frontend-0");

            // When
            var match = RecordedLabReplay.Find(_lab, request, null);
            var line = RecordedLabReplay.NotRecorded(_lab, request, null);

            // Then
            match.Should().BeNull();
            line.Should().Contain("lab-default has no measurement of this command").And.Contain("`#!lab probe dns web --count 2 --from shop/frontend-0`")
                .And.Contain("`companion lab probe dns web --count 2 --from shop/frontend-0`").And.Contain("dns-short");
            line.Should().NotContain("\n");
        }

        [Fact]
        public void an_unknown_or_invalid_recorded_name_finds_nothing()
        {
            // When
            var unknown = RecordedLabReplay.Find(_lab, Line("#!lab scale"), "no-such");
            var path = RecordedLabReplay.Find(_lab, Line("#!lab scale"), "../manifest");

            // Then
            unknown.Should().BeNull();
            path.Should().BeNull();
        }

        [Fact]
        public void a_recorded_dns_probe_shows_its_facts_wire_queries_and_samples()
        {
            // Given
            var match = RecordedLabReplay.Find(_lab, Line("#!lab probe dns backend --from shop/frontend-0 --count 20"), null)!;
            var recorded = match.Measurement.Result;

            // When
            var view = RecordedLabView.ToView(match);
            var chart = RecordedLabView.ToChart(match);

            // Then the facts come from the recorded JSON, the table is the first lookup's wire queries, the chart every sample
            view.Facts.Should().Contain(new KeyValuePair<string, string>("p50Ms", recorded.GetProperty("summary").GetProperty("p50Ms").GetRawText()));
            view.Facts.Should().Contain(f => f.Key == "addresses" && f.Value == "10.96.0.101");
            view.Headers.Should().Contain(["type", "name", "rcode", "ms"]);
            view.Rows.Select(r => r[view.Headers.ToList().IndexOf("type")]).Should().Equal(
                recorded.GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("type").GetString()));
            chart!.Series.Should().ContainSingle().Which.SamplesMs.Should().HaveCount(recorded.GetProperty("samples").GetArrayLength());
            chart.Source.Should().Be(match.Label);
        }

        [Fact]
        public void a_recorded_tcp_probe_shows_how_many_connects_each_endpoint_answered()
        {
            // Given
            var match = RecordedLabReplay.Find(_lab, Line("#!lab probe tcp backend:80 --from shop/frontend-0 --count 300"), null)!;
            var samples = match.Measurement.Result.GetProperty("samples").EnumerateArray().ToList();

            // When
            var view = RecordedLabView.ToView(match);

            // Then
            view.Headers.Should().Equal("endpoint", "connects");
            view.Rows.Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).Should().Be(samples.Count);
            view.Rows.Select(r => r[0]).Should().BeEquivalentTo(samples.Where(s => s.GetProperty("ok").GetBoolean()).Select(s => s.GetProperty("endpoint").GetString()).Distinct());
        }
    }

    public sealed class A_made_up_recording : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("c80-labreplay-");

        public void Dispose() => _dir.Delete(recursive: true);

        [Fact]
        public async Task a_recorded_scale_run_is_a_table_of_its_points_and_a_broken_file_is_skipped()
        {
            // Given a scale measurement (a JSON array of points) and a file that is not a measurement
            using var doc = JsonDocument.Parse("""[{"services":100,"mode":"iptables","position":"first","summary":{"count":10,"p50Ms":0.1},"failed":0},{"services":100,"mode":"iptables","position":"last","summary":{"count":10,"p50Ms":0.3},"failed":1}]""");
            await RecordedMeasurements.WriteAsync(_dir, new RecordedMeasurement("scale-100", "LabScalePoints", DateTimeOffset.UnixEpoch,
                "companion lab scale --services 100 --samples 10 --json", doc.RootElement.Clone()), TestContext.Current.CancellationToken);
            File.WriteAllText(Path.Combine(_dir.FullName, "measurements", "broken.json"), "{ nope");

            // When
            var match = RecordedLabReplay.Find(_dir, Line("#!lab scale --samples 10 --services 100"), null);
            var view = RecordedLabView.ToView(match!);

            // Then
            match!.Measurement.Name.Should().Be("scale-100");
            view.Headers.Should().Equal("services", "mode", "position", "summary.count", "summary.p50Ms", "failed");
            view.Rows.Should().HaveCount(2);
            view.Rows[1].Should().Equal("100", "iptables", "last", "10", "0.3", "1");
            RecordedLabView.ToChart(match).Should().BeNull();
        }
    }
}
