using System.Reflection;
using System.Runtime.Loader;

namespace Companion.Interactive.Charts;

/// <summary>
/// An isolated load context for Companion.Charts, Plotly.NET and the FSharp.Core 10.1 Plotly.NET needs (the notebook host ships
/// 10.0). Assemblies found in the private folder load here; Companion.Core is handed over from the host's context, so its chart
/// records are the same types on both sides; everything else (the framework) falls back to the default context.
/// </summary>
internal sealed class ChartLoadContext(string directory, Assembly shared) : AssemblyLoadContext("Companion.Charts", isCollectible: false)
{
    public string Directory { get; } = directory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, shared.GetName().Name, StringComparison.Ordinal))
        {
            return shared;
        }

        var path = Path.Combine(Directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
