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
    /// Registers formatters and <c>#!dns</c>, and emits plotly.js once into the loading cell's output (offline: the script is
    /// embedded in Plotly.NET.dll), so every later chart only calls <c>Plotly.newPlot</c>.
    /// </summary>
    public static void Load(Kernel kernel, CompanionServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        services ??= new CompanionServices();
        Services = services;
        CompanionFormatters.Register(services);
        DnsMagic.Register(kernel, services);
        if (KernelInvocationContext.Current is { } context)
        {
            context.DisplayAs(services.Charts.PlotlyScriptHtml() + LoadedBanner.Html(), "text/html");
        }
    }
}
