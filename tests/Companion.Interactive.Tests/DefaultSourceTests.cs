using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>The source a session starts with, named when the extension loads; the lab is selected, never brought up.</summary>
[Collection(PackedKernelCollection.Name)]
public sealed class DefaultSourceTests(PackedKernel kernel)
{
    [Fact]
    public void the_loading_cell_names_the_default_source()
    {
        // Given the #r cell that loaded the package (COMPANION_SOURCE unset)
        var html = string.Join("\n", kernel.LoadEvents.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Select(v => v.Value));

        // When we read the banner
        var banner = KernelResults.Parse(html).QuerySelector(".companion-default-source")!.TextContent;

        // Then it is the lab where it can run (with a hint to bring it up), else the shipped recording
        if (Environment.GetEnvironmentVariable("COMPANION_SOURCE") is null or "")
        {
            banner.Should().Match(b => b == "lab: companion" || b.StartsWith("recorded ", StringComparison.Ordinal));
        }

        if (banner == "lab: companion")
        {
            html.Should().Contain("#!lab up");
        }
    }

    [Fact]
    public async Task finding_the_recording_walks_up_to_notebooks_recordings()
    {
        // Given a directory below the repository root
        var below = Path.Combine(RepoPaths.Root, "tests", "Companion.Interactive.Tests");

        // When the extension looks for the shipped recording from there
        var result = await kernel.RunAsync($"Companion.Interactive.Sources.SourceSelection.FindRecording(@\"{below}\")?.FullName");

        // Then it finds notebooks/recordings/lab-default, the recording with measurements (unless COMPANION_RECORDING overrides it)
        result.Failure().Should().BeNull();
        if (Environment.GetEnvironmentVariable("COMPANION_RECORDING") is null or "")
        {
            result.Events.OfType<ReturnValueProduced>().Single().Value.Should().Be(Path.Combine(RepoPaths.Root, "notebooks", "recordings", "lab-default"));
            Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks", "recordings", "lab-default", "measurements"), "*.json").Should().NotBeEmpty();
        }
    }

    [Theory]
    [InlineData(new[] { "a-first", "lab-default", "z-last" }, "lab-default")]
    [InlineData(new[] { "b-second", "a-first" }, "a-first")]
    [InlineData(new[] { "a-first", "lab-default-no-manifest" }, "a-first")]
    public async Task the_default_recording_is_lab_default_else_the_first_with_a_manifest(string[] recordings, string expected)
    {
        // Given a recordings folder with these recordings (each with a manifest.json, except one named *-no-manifest)
        Assert.SkipWhen(Environment.GetEnvironmentVariable("COMPANION_RECORDING") is { Length: > 0 }, "COMPANION_RECORDING overrides the search");
        var root = Directory.CreateTempSubdirectory("c80-nb-rec-");
        try
        {
            foreach (var name in recordings)
            {
                var dir = Directory.CreateDirectory(Path.Combine(root.FullName, "notebooks", "recordings", name));
                if (!name.EndsWith("-no-manifest", StringComparison.Ordinal))
                {
                    await File.WriteAllTextAsync(Path.Combine(dir.FullName, "manifest.json"), "{}", TestContext.Current.CancellationToken);
                }
            }

            Directory.CreateDirectory(Path.Combine(root.FullName, "notebooks", "recordings", "lab-default-no-manifest", "measurements"));

            // When the extension looks for the shipped recording from the notebooks folder
            var result = await kernel.RunAsync($"Companion.Interactive.Sources.SourceSelection.FindRecording(@\"{Path.Combine(root.FullName, "notebooks")}\")?.FullName");

            // Then it picks lab-default when there is one, else the first recording by name
            result.Failure().Should().BeNull();
            result.Events.OfType<ReturnValueProduced>().Single().Value.Should().Be(Path.Combine(root.FullName, "notebooks", "recordings", expected));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
