using System.Diagnostics;
using System.Globalization;
using Companion.Interactive.Formatting;
using Companion.Interactive.Magic;
using Microsoft.DotNet.Interactive;

namespace Companion.Interactive;

/// <summary>Entry point called by extension.dib: registers the magic commands and formatters on a kernel.</summary>
public static class CompanionExtension
{
    /// <summary>When set to a file path, <see cref="Load"/> appends one JSON line with the milliseconds of each of its steps.</summary>
    public const string LoadTimingsVariable = "COMPANION_LOAD_TIMINGS";

    /// <summary>The services of the last <see cref="Load"/> (one kernel session per process in the notebook host).</summary>
    public static CompanionServices? Services { get; private set; }

    /// <summary>
    /// Registers formatters and <c>#!dns</c>, <c>#!k8s</c>, <c>#!trace</c>, <c>#!lab</c>; picks the default cluster source (never brings the lab up); and emits plotly.js once into the loading cell's output (offline: the script is
    /// embedded in Plotly.NET.dll), so every later chart only calls <c>Plotly.newPlot</c>.
    /// </summary>
    public static void Load(Kernel kernel, CompanionServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var watch = Stopwatch.StartNew();
        var steps = new List<(string Step, double Ms)>();
        void Mark(string step)
        {
            steps.Add((step, watch.Elapsed.TotalMilliseconds));
            watch.Restart();
        }

        services ??= new CompanionServices();
        Services = services;
        Mark("services");
        CompanionFormatters.Register(services);
        Mark("formatters");
        DnsMagic.Register(kernel, services);
        K8sMagic.Register(kernel, services);
        TraceMagic.Register(kernel, services);
        LabMagic.Register(kernel, services);
        Mark("magics");
        if (KernelInvocationContext.Current is { } context)
        {
            var plotly = services.Charts.PlotlyScriptHtml();
            Mark("plotlyScript");
            var banner = LoadedBanner.Html(services.Source?.Source.Describe() ?? services.SourceProblem);
            Mark("defaultSource");
            context.DisplayAs(plotly + banner, "text/html");
            Mark("display");
        }

        WriteTimings(steps);
    }

    private static void WriteTimings(List<(string Step, double Ms)> steps)
    {
        if (Environment.GetEnvironmentVariable(LoadTimingsVariable) is not { Length: > 0 } path)
        {
            return;
        }

        var fields = steps.Select(s => $"\"{s.Step}Ms\":{s.Ms.ToString("F1", CultureInfo.InvariantCulture)}");
        try
        {
            File.AppendAllText(path, "{" + string.Join(",", fields) + "}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Timings are a diagnostic aid: a path that cannot be written must not fail the extension's load.
        }
    }
}
