using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Companion.Interactive.Tests;

/// <summary>
/// A CompositeKernel with a C# kernel that loads the packed extension with #r, doing what the tool's loader does: after a
/// package is added, run interactive-extensions/dotnet/extension.dib from the package folder. Also starts the extension's
/// local dnsmasq so the magics have a server. One per test collection (formatters are process-global).
/// </summary>
public sealed class PackedKernel : IAsyncLifetime
{
    public CompositeKernel Kernel { get; } = new()
    {
        new CSharpKernel().UseNugetDirective((kernel, references) =>
        {
            kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
            return Task.CompletedTask;
        }),
    };

    /// <summary>Everything the #r cell produced, extension loading included.</summary>
    public IReadOnlyList<KernelEvent> LoadEvents { get; private set; } = [];

    public string Version { get; } = RepoPaths.PackedVersion();

    public async ValueTask InitializeAsync()
    {
        Kernel.DefaultKernelName = "csharp";
        var events = new List<KernelEvent>();
        using var subscription = Kernel.KernelEvents.Subscribe(events.Add);
        var load = new SubmitCode($"#i \"nuget:{RepoPaths.Feed}\"\n#r \"nuget:Companion.Interactive, {Version}\"");
        var result = await Kernel.SendAsync(load);
        Fail(result);
        foreach (var added in events.OfType<PackageAdded>().ToArray())
        {
            var extension = new FileInfo(Path.Combine(added.PackageReference.PackageRoot, "interactive-extensions", "dotnet", "extension.dib"));
            if (extension.Exists)
            {
                await Kernel.LoadAndRunInteractiveDocument(extension, load);
            }
        }

        LoadEvents = events;
        Fail(await Kernel.SendAsync(new SubmitCode("""
            var dns = await Companion.Interactive.Dns.LocalDnsServer.StartAsync();
            Companion.Interactive.CompanionExtension.Services!.DefaultResolvConfPath = dns.WriteResolvConf(dns.PodResolvConf("demo"));
            """)));
    }

    /// <summary>Runs a cell and returns its events.</summary>
    public async Task<KernelCommandResult> RunAsync(string code) => await Kernel.SendAsync(new SubmitCode(code));

    public async ValueTask DisposeAsync()
    {
        await Kernel.SendAsync(new SubmitCode("dns.Dispose();"));
        Kernel.Dispose();
        Formatter.ResetToDefault();
    }

    private static void Fail(KernelCommandResult result)
    {
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            throw new InvalidOperationException("setup cell failed: " + failed.Message);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackedKernelCollection : ICollectionFixture<PackedKernel>
{
    public const string Name = "packed kernel";
}
