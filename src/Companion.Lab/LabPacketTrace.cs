using Companion.Core.Lab;
using Companion.Core.Proxy;

namespace Companion.Lab;

/// <summary>
/// The kernel's view of one real connection next to the static tracer's prediction: the rules the SYN traversed on
/// the client's node, the endpoint it was DNATed to, the conntrack entry, `ip route get` on each hop, and the differences.
/// </summary>
public sealed record LabPacketTrace(
    string From,
    string Target,
    string Mode,
    IReadOnlyList<KernelTraceHit> KernelHits,
    string? KernelEndpoint,
    string? AnsweredBy,
    ServiceTrace Prediction,
    IReadOnlyList<string> Differences,
    string Conntrack,
    IReadOnlyList<string> Routes)
{
    /// <summary>kube-proxy's Service chains the kernel walked (Service, endpoint, SEP chains), in order.</summary>
    public IReadOnlyList<string> KernelServiceChains => ServiceChains(KernelHits);

    internal static IReadOnlyList<string> ServiceChains(IEnumerable<KernelTraceHit> hits) =>
        hits.Select(h => h.Chain)
            .Where(c => c.StartsWith("KUBE-SVC-", StringComparison.Ordinal) || c.StartsWith("KUBE-SEP-", StringComparison.Ordinal)
                || c.StartsWith("KUBE-SVL-", StringComparison.Ordinal) || c.StartsWith("service-", StringComparison.Ordinal)
                || c.StartsWith("endpoint-", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
}
