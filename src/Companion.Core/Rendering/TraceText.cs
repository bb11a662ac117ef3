using System.Globalization;
using System.Text;
using Companion.Core.Proxy;

namespace Companion.Core.Rendering;

/// <summary>The human-readable form of a trace (CLI, text/plain formatter).</summary>
public static class TraceText
{
    public static string Render(ServiceTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var sb = new StringBuilder();
        var p = trace.Packet;
        sb.Append(CultureInfo.InvariantCulture, $"{p.Protocol} {p.Source} -> {p.Destination}:{p.DestinationPort} (from {p.Entry.ToString().ToLowerInvariant()}, {trace.Method})\n");
        sb.Append(CultureInfo.InvariantCulture, $"verdict: {trace.Verdict.ToString().ToLowerInvariant()}{(trace.ServiceName is null ? "" : $"  service {trace.ServiceName}")}\n");
        if (trace.Reason is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"reason: {trace.Reason}\n");
        }

        if (trace.Chains.Count > 0)
        {
            sb.Append("chains: ").Append(string.Join(" -> ", trace.Chains)).Append('\n');
        }

        foreach (var t in trace.Targets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {t.Endpoint,-24} {t.Probability,8:P2}  {(t.Masquerade ? "masquerade" : "source kept")}\n");
        }

        foreach (var h in trace.Hits)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  line {h.LineNumber,5} {h.Table}/{h.Chain}: {h.Action}\n");
        }

        foreach (var d in trace.Diagnostics)
        {
            sb.Append("  ! ").Append(d.ToString()).Append('\n');
        }

        return sb.ToString();
    }
}
