using System.Diagnostics;
using System.Text.Json;

namespace Companion.Interactive.Tests;

/// <summary>
/// notebooks/02-dns.ipynb through the real clients: Jupyter (nbconvert) with the dotnet-interactive kernel via
/// scripts/run-notebooks.sh (fails on any error output, compile error or CDN URL), then the exported HTML in headless
/// Chromium, where every chart must have drawn an svg offline.
/// </summary>
[Collection(PackedKernelCollection.Name)]
public sealed class NotebookEndToEndTests
{
    [Fact]
    public async Task the_dns_chapter_runs_in_jupyter_without_errors_and_its_charts_draw_offline()
    {
        // Given the packed extension and the DNS chapter
        var ct = TestContext.Current.CancellationToken;

        // When Jupyter executes it and Chromium opens the exported HTML
        var run = await RunAsync("bash", ["scripts/run-notebooks.sh", "notebooks/02-dns.ipynb"], TimeSpan.FromMinutes(15), ct);
        var check = await RunAsync("python3", ["scripts/check-html-charts.py", "--min-charts", "5", "artifacts/html/02-dns.html"], TimeSpan.FromMinutes(5), ct);

        // Then both pass, and the executed notebook measured against its dnsmasq and stopped it
        run.ExitCode.Should().Be(0, run.Output);
        check.ExitCode.Should().Be(0, check.Output);
        check.Output.Should().MatchRegex(@"(\d+)/\1 charts drew");
        var executed = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "artifacts", "notebooks", "02-dns.ipynb"), ct);
        using var notebook = JsonDocument.Parse(executed);
        var outputs = notebook.RootElement.GetProperty("cells").EnumerateArray()
            .SelectMany(c => c.TryGetProperty("outputs", out var o) ? o.EnumerateArray().ToArray() : [])
            .ToArray();
        outputs.Should().NotContain(o => o.GetProperty("output_type").GetString() == "error");
        executed.Should().Contain("dnsmasq received").And.Contain("dnsmasq stopped: True").And.Contain("companion-plot");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = RepoPaths.Root };
        args.ToList().ForEach(info.ArgumentList.Add);
        var (exit, stdout, stderr) = await Companion.Cluster.Tests.Dns.TestProcess.RunAsync(info, timeout, ct);
        return (exit, stdout + stderr);
    }
}
