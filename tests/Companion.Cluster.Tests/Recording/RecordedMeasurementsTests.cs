using System.Text.Json;
using Companion.Cluster.Recording;

namespace Companion.Cluster.Tests.Recording;

public static class RecordedMeasurementsTests
{
    /// <summary>The shipped lab recording, found from the test binaries up to the repository.</summary>
    internal static DirectoryInfo ShippedLab()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "recordings", "lab-default");
        if (Directory.Exists(copied))
        {
            return new DirectoryInfo(copied);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "notebooks", "recordings", "lab-default");
            if (Directory.Exists(candidate))
            {
                return new DirectoryInfo(candidate);
            }
        }

        throw new DirectoryNotFoundException("notebooks/recordings/lab-default");
    }

    public sealed class Written_measurements : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("c80-recmeas-");

        public void Dispose() => _dir.Delete(recursive: true);

        [Fact]
        public async Task read_back_equal_to_what_was_written()
        {
            // Given
            using var doc = JsonDocument.Parse("""{"summary":{"count":3,"p50Ms":1.5},"samples":[{"endpoint":"10.244.1.2:8080","ms":0.4}]}""");
            var written = new RecordedMeasurement("tcp-backend", "LabTcpProbeRun", new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero),
                "companion lab probe tcp backend:80 --json", doc.RootElement.Clone(), "a note");

            // When
            await RecordedMeasurements.WriteAsync(_dir, written, TestContext.Current.CancellationToken);
            var read = new RecordedMeasurements(_dir).Get("tcp-backend");

            // Then
            new RecordedMeasurements(_dir).Names.Should().Equal("tcp-backend");
            read!.Name.Should().Be(written.Name);
            read.Kind.Should().Be(written.Kind);
            read.CapturedAt.Should().Be(written.CapturedAt);
            read.Command.Should().Be(written.Command);
            read.Note.Should().Be("a note");
            JsonSerializer.Serialize(read.Result).Should().Be(JsonSerializer.Serialize(written.Result));
            read.Result.GetProperty("summary").GetProperty("p50Ms").GetDouble().Should().Be(1.5);
        }

        [Fact]
        public void a_missing_measurement_is_null_and_a_path_is_refused()
        {
            // Given
            var measurements = new RecordedMeasurements(_dir);

            // When
            var missing = measurements.Get("nothing-here");
            var act = () => measurements.Get("../manifest");

            // Then
            missing.Should().BeNull();
            measurements.Names.Should().BeEmpty();
            act.Should().Throw<ClusterAccessException>().WithMessage("*not a measurement name*");
        }

        [Fact]
        public void a_malformed_file_is_one_line_naming_it()
        {
            // Given
            Directory.CreateDirectory(Path.Combine(_dir.FullName, "measurements"));
            File.WriteAllText(Path.Combine(_dir.FullName, "measurements", "bad.json"), "{ not json");

            // When
            var act = () => new RecordedMeasurements(_dir).Get("bad");

            // Then
            act.Should().Throw<ClusterAccessException>().WithMessage("*bad.json*not a recorded measurement*");
        }
    }

    public sealed class The_shipped_lab_recording
    {
        [Fact]
        public async Task replays_through_the_mapper_with_the_labs_objects()
        {
            // Given
            var source = new RecordedClusterSource(ShippedLab());

            // When
            var snapshot = await source.GetSnapshotAsync(null, TestContext.Current.CancellationToken);
            var dump = await source.GetNodeDumpAsync("node-a", TestContext.Current.CancellationToken);

            // Then
            source.Manifest.Context.Should().StartWith("lab ");
            source.Manifest.CaptureCommand.Should().StartWith("companion record --lab");
            snapshot.ProxyMode.Mode.Should().Be(Core.Model.ProxyMode.Iptables);
            var backend = snapshot.Services.Single(s => s.Namespace == "shop" && s.Name == "backend");
            snapshot.SlicesFor(backend).SelectMany(s => s.Endpoints).Should().HaveCount(3);
            snapshot.Pods.Where(p => p.Namespace == "shop").Should().OnlyContain(p => p.Ready && p.PodIp != null);
            snapshot.Dns!.ClusterIp.Should().NotBeNullOrEmpty();
            dump!.IptablesSave.Should().Contain("KUBE-SERVICES").And.Contain($"-d {backend.ClusterIp}/32");
            dump.LocalAddresses.Should().NotBeEmpty();
        }

        [Fact]
        public void has_the_measured_results_by_name()
        {
            // Given
            var measurements = new RecordedClusterSource(ShippedLab()).Measurements;

            // When
            var tcp = measurements.Get("tcp-backend");
            var dns = measurements.All().Where(m => m.Name.StartsWith("dns-", StringComparison.Ordinal)).ToList();

            // Then
            measurements.Names.Should().Contain(["dns-short", "dns-svc-ns", "dns-fqdn", "dns-trailing-dot", "dns-stall-default", "dns-stall-use-vc", "tcp-backend"]);
            tcp!.Result.GetProperty("samples").GetArrayLength().Should().Be(300);
            dns.Should().OnlyContain(m => m.Result.GetProperty("summary").GetProperty("count").GetInt32() > 0);
        }
    }
}
