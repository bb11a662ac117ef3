using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>Hover text and completions: the help a notebook front end shows while typing #!dns.</summary>
[Collection(PackedKernelCollection.Name)]
public sealed class DnsLanguageServiceTests(PackedKernel kernel)
{
    [Fact]
    public async Task libc_completes_to_glibc_and_musl()
    {
        // Given a cell typed up to the --libc value
        const string code = "#!dns probe web --libc ";

        // When the front end asks for completions at the end
        var result = await kernel.Kernel.SendAsync(new RequestCompletions(code, new LinePosition(0, code.Length)));

        // Then both resolvers are offered
        var items = result.Events.OfType<CompletionsProduced>().SelectMany(e => e.Completions).Select(c => c.DisplayText).ToArray();
        items.Should().Contain(["glibc", "musl"]);
    }

    [Fact]
    public async Task subcommands_and_options_complete_with_their_descriptions()
    {
        // Given a cell typed up to the subcommand
        const string code = "#!dns ";

        // When the front end asks for completions
        var result = await kernel.Kernel.SendAsync(new RequestCompletions(code, new LinePosition(0, code.Length)));

        // Then plan, probe and compare are offered
        var items = result.Events.OfType<CompletionsProduced>().SelectMany(e => e.Completions).Select(c => c.DisplayText).ToArray();
        items.Should().Contain(["plan", "probe", "compare"]);
    }

    [Fact]
    public async Task hovering_the_subcommand_shows_its_description()
    {
        // Given a probe magic
        const string code = "#!dns probe web --count 3";

        // When hovering over "probe"
        var result = await kernel.Kernel.SendAsync(new RequestHoverText(code, new LinePosition(0, 8)));

        // Then the hover text is the subcommand's description
        var text = string.Join("\n", result.Events.OfType<HoverTextProduced>().SelectMany(e => e.Content).Select(v => v.Value));
        text.Should().Contain("Times real lookups");
    }
}
