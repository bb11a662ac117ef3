using System.Reflection;
using Companion.Core.Charts;

namespace Companion.Interactive.Charts;

/// <summary>
/// Finds the private "charts" folder, loads Companion.Charts into a <see cref="ChartLoadContext"/>, and hands out its
/// <see cref="IChartRenderer"/>. Only Core chart records go in and HTML strings come out.
/// </summary>
public sealed class ChartHost
{
    /// <summary>Overrides where the private folder is (a directory holding Companion.Charts.dll and its dependencies).</summary>
    public const string DirectoryVariable = "COMPANION_CHARTS_DIR";

    private const string ChartsAssembly = "Companion.Charts";
    private const string RendererType = "Companion.Charts.PlotlyChartRenderer";
    private static readonly Lazy<ChartHost> SharedHost = new(() => Load(LocateDirectory()));

    private ChartHost(IChartRenderer renderer, string directory, Assembly chartsAssembly)
    {
        Renderer = renderer;
        Directory = directory;
        ChartsAssemblyLocation = chartsAssembly.Location;
    }

    /// <summary>The host for this process (loaded on first use).</summary>
    public static ChartHost Shared => SharedHost.Value;

    /// <summary>The renderer living in the isolated context.</summary>
    public IChartRenderer Renderer { get; }

    /// <summary>The private folder it was loaded from.</summary>
    public string Directory { get; }

    /// <summary>Where Companion.Charts.dll was loaded from (for diagnostics).</summary>
    public string ChartsAssemblyLocation { get; }

    /// <summary>Loads Companion.Charts from a private folder into a new isolated load context.</summary>
    public static ChartHost Load(string directory)
    {
        var context = new ChartLoadContext(directory, typeof(IChartRenderer).Assembly);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(directory, ChartsAssembly + ".dll"));
        var type = assembly.GetType(RendererType, throwOnError: true)!;
        var renderer = (IChartRenderer)Activator.CreateInstance(type)!;
        return new ChartHost(renderer, directory, assembly);
    }

    /// <summary>
    /// The private folder: $COMPANION_CHARTS_DIR, else "charts" next to this assembly (build output), else the package root's
    /// "charts" (this assembly is in lib/net10.0 of the NuGet package).
    /// </summary>
    public static string LocateDirectory()
    {
        var here = Path.GetDirectoryName(typeof(ChartHost).Assembly.Location) ?? AppContext.BaseDirectory;
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable(DirectoryVariable),
            Path.Combine(here, "charts"),
            Path.GetFullPath(Path.Combine(here, "..", "..", "charts")),
            Path.Combine(AppContext.BaseDirectory, "charts"),
        ];
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(Path.Combine(candidate, ChartsAssembly + ".dll")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{ChartsAssembly}.dll was not found in a 'charts' folder next to {here} or at the package root; set {DirectoryVariable}.");
    }
}
