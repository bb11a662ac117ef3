using Companion.Cluster.Recording;

namespace Companion.Lab.Tests;

/// <summary>
/// The shipped lab-default's measurements of the mode comparison and the scale experiment read back as the lab's own types
/// (no root), the way a notebook cell on the recording reads them (<c>m.ResultAs&lt;LabScalePoint[]&gt;()</c>).
/// </summary>
public sealed class RecordedLabShapesTests
{
    private static readonly RecordedMeasurements Shipped = new(new DirectoryInfo(Path.Combine(RepositoryRoot(), "notebooks", "recordings", "lab-default")));

    [Fact]
    public void the_recorded_scale_runs_read_as_scale_points_of_both_modes_and_every_size()
    {
        // When
        var points = new[] { "iptables", "nftables" }.SelectMany(mode => new[] { 0, 1000, 10000 }.Select(n => (mode, n, Points: Shipped.Get($"scale-{mode}-{n}")?.ResultAs<LabScalePoint[]>())))
            .ToList();

        // Then
        points.Should().AllSatisfy(p =>
        {
            p.Points.Should().NotBeNull($"scale-{p.mode}-{p.n} is recorded");
            p.Points!.Select(x => (x.Mode, x.Services, x.Position)).Should().Equal((p.mode, p.n + 2, "first"), (p.mode, p.n + 2, "last"));
            p.Points.Should().OnlyContain(x => x.SamplesUs.Count == x.Summary.Count - x.Failed && x.Summary.P50Ms > 0);
            LabScaleCharts.ToRows(p.Points).Should().HaveCount(2);
        });
    }

    [Fact]
    public void the_recorded_mode_comparison_reads_as_two_tcp_probe_runs_of_one_size()
    {
        // When
        var ipt = Shipped.Read<LabTcpProbeRun>("tcp-backend-mode-iptables");
        var nft = Shipped.Read<LabTcpProbeRun>("tcp-backend-mode-nftables");

        // Then
        ipt!.Samples.Should().HaveCount(nft!.Samples.Count).And.OnlyContain(s => s.Endpoint != null || !s.Ok);
        ipt.Summary.Count.Should().Be(ipt.Samples.Count);
        nft.ByEndpoint().Values.Sum().Should().Be(nft.Samples.Count(s => s.Ok));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Companion.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
