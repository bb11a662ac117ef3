using Companion.Cluster.Recording;
using Companion.Cluster.Sources;
using Companion.Cluster.Tests.ApiServer;
using Companion.Cluster.Tests.Live;

namespace Companion.Cluster.Tests.Recording;

public sealed class ClusterRecorderTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>, IDisposable
{
    private readonly DirectoryInfo _parent = Directory.CreateTempSubdirectory("companion-recorder-");

    public void Dispose() => _parent.Delete(recursive: true);

    [Fact]
    public async Task records_the_raw_json_byte_for_byte_and_a_manifest_written_last()
    {
        // Given
        using var live = LiveClusterSourceTests.Connect(fixture);
        var output = new DirectoryInfo(Path.Combine(_parent.FullName, "captured"));

        // When
        var manifest = await ClusterRecorder.RecordAsync(live, output, "companion record --context fake --out captured", cancellationToken: TestContext.Current.CancellationToken);

        // Then
        manifest.Context.Should().Be("fake");
        manifest.KubeProxyMode.Should().Be("iptables");
        foreach (var file in new[] { RawClusterData.PodsFile, RawClusterData.ServicesFile, RawClusterData.EndpointSlicesFile, RawClusterData.NodesFile })
        {
            File.ReadAllText(Path.Combine(output.FullName, file)).Should().Be(File.ReadAllText(Path.Combine(LiveServerFixture.RecordingDirectory, file)), file);
        }

        var replay = await new RecordedClusterSource(output).GetSnapshotAsync(null, TestContext.Current.CancellationToken);
        replay.Pods.Should().HaveCount(9);
        _parent.GetDirectories().Select(d => d.Name).Should().Equal("captured");
    }

    [Fact]
    public async Task a_failed_capture_leaves_no_directory_that_looks_like_a_recording()
    {
        // Given
        fixture.Server.Malformed["/api/v1/pods"] = true;
        var output = new DirectoryInfo(Path.Combine(_parent.FullName, "broken"));
        try
        {
            using var live = LiveClusterSourceTests.Connect(fixture);

            // When
            var act = () => ClusterRecorder.RecordAsync(live, output, "test", cancellationToken: TestContext.Current.CancellationToken);

            // Then
            await act.Should().ThrowAsync<ClusterAccessException>();
            _parent.GetFileSystemInfos().Should().BeEmpty();
        }
        finally
        {
            fixture.Server.Malformed.Clear();
        }
    }

    [Fact]
    public async Task an_existing_output_directory_is_refused()
    {
        // Given
        var output = _parent.CreateSubdirectory("exists");
        using var live = LiveClusterSourceTests.Connect(fixture);

        // When
        var act = () => ClusterRecorder.RecordAsync(live, output, "test", cancellationToken: TestContext.Current.CancellationToken);

        // Then
        (await act.Should().ThrowAsync<ClusterAccessException>()).Which.Message.Should().EndWith("already exists; choose a new --out directory");
    }
}
