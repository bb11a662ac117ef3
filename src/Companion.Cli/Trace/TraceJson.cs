using Companion.Core.Proxy;

namespace Companion.Cli.Trace;

/// <summary>The JSON document of `companion trace --json` (issue 4's contract, plus method, reason, service and hits).</summary>
internal sealed record TraceJson(
    string Verdict,
    IReadOnlyList<TraceJson.Target> Targets,
    IReadOnlyList<string> Chains,
    IReadOnlyList<string> Diagnostics,
    string Method,
    string? Reason,
    string? Service,
    IReadOnlyList<TraceJson.Hit> Hits)
{
    public static TraceJson From(ServiceTrace trace) => new(
        trace.Verdict.ToString().ToLowerInvariant(),
        [.. trace.Targets.Select(t => new Target(t.Endpoint, Math.Round(t.Probability, 4), t.Masquerade))],
        trace.Chains,
        [.. trace.Diagnostics.Select(d => d.ToString())],
        trace.Method,
        trace.Reason,
        trace.ServiceName,
        [.. trace.Hits.Select(h => new Hit(h.Table, h.Chain, h.LineNumber, h.RuleText, h.Action))]);

    internal sealed record Target(string Endpoint, double Probability, bool Masquerade);

    internal sealed record Hit(string Table, string Chain, int Line, string Rule, string Action);
}
