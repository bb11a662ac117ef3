using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// The answer of every tracer (iptables, nft, IPVS, model): the verdict, the endpoints with probabilities and
/// masquerade decisions, the chains walked and the rules that matched, and anything that could not be evaluated.
/// </summary>
/// <remarks>Method: "iptables-save", "nft", "ipvs", or "predicted from API objects".</remarks>
/// <remarks>Reason: Why the packet was rejected, dropped or accepted un-NATed, in one line.</remarks>
/// <remarks>ServiceName: The service port ("ns/name:port") the rules belong to, when known.</remarks>
public sealed record ServiceTrace(
    PacketSpec Packet,
    TraceVerdict Verdict,
    IReadOnlyList<EndpointTarget> Targets,
    IReadOnlyList<string> Chains,
    IReadOnlyList<RuleHit> Hits,
    IReadOnlyList<Diagnostic> Diagnostics,
    string Method,
    string? Reason = null,
    string? ServiceName = null);
