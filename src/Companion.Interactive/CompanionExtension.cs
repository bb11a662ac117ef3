using Companion.Interactive.Formatting;
using Companion.Interactive.Magic;
using Microsoft.DotNet.Interactive;

namespace Companion.Interactive;

/// <summary>Entry point called by extension.dib: registers the magic commands and formatters on a kernel.</summary>
public static class CompanionExtension
{
    /// <summary>The services of the last <see cref="Load"/> (one kernel session per process in the notebook host).</summary>
    public static CompanionServices? Services { get; private set; }

    /// <summary>
    /// Registers formatters and <c>#!dns</c>, <c>#!k8s</c>, <c>#!trace</c>, <c>#!lab</c>; picks the default cluster source (never brings the lab up); and emits plotly.js once into the loading cell's output (offline: the script is
    /// embedded in Plotly.NET.dll), so every later chart only calls <c>Plotly.newPlot</c>.
    /// </summary>
    public static void Load(Kernel kernel, CompanionServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        services ??= new CompanionServices();
        Services = services;
        CompanionFormatters.Register(services);
        DnsMagic.Register(kernel, services);
        K8sMagic.Register(kernel, services);
        TraceMagic.Register(kernel, services);
        LabMagic.Register(kernel, services);
        if (KernelInvocationContext.Current is { } context)
        {
            context.DisplayAs(services.Charts.PlotlyScriptHtml() + LoadedBanner.Html(services.Source?.Source.Describe() ?? services.SourceProblem), "text/html");
        }
    }
}
