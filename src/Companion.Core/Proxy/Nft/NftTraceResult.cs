using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>Folds the walked paths into one <see cref="ServiceTrace"/>.</summary>
internal static class NftTraceResult
{
    public static ServiceTrace Build(PacketSpec packet, List<(NftPath Path, NftOutcome Outcome)> paths, List<Diagnostic> diagnostics, NftPacketContext context)
    {
        var byVerdict = paths
            .GroupBy(p => VerdictOf(p.Path, p.Outcome))
            .Select(g => (Verdict: g.Key, Share: g.Sum(p => p.Path.Probability), Paths: g.Select(p => p.Path).ToList()))
            .OrderByDescending(g => g.Verdict == TraceVerdict.Dnat)
            .ThenByDescending(g => g.Share)
            .ToList();
        var main = byVerdict[0];
        foreach (var other in byVerdict.Skip(1))
        {
            context.Note(Diagnostic.Warn(string.Create(CultureInfo.InvariantCulture,
                $"with probability {other.Share:0.####} the packet is not {Name(main.Verdict)} but {Name(other.Verdict)}")));
        }

        var targets = main.Verdict == TraceVerdict.Dnat
            ? main.Paths
                .GroupBy(p => $"{Ipv4.Format(p.Destination)}:{p.DestinationPort.ToString(CultureInfo.InvariantCulture)}")
                .Select(g => new EndpointTarget(g.Key, g.Sum(p => p.Probability), g.Any(p => p.Masquerade), g.First().EndpointChain))
                .ToList()
            : [];
        foreach (var mixed in main.Paths.GroupBy(p => p.Destination).Where(g => g.Select(p => p.Masquerade).Distinct().Count() > 1))
        {
            context.Note(Diagnostic.Warn($"masquerade differs between paths to {Ipv4.Format(mixed.Key)}; shown as masqueraded"));
        }

        var hits = new List<RuleHit>();
        var seenHits = new HashSet<(string, int, string)>();
        var firstPosition = new Dictionary<string, (int Position, int Seen)>(StringComparer.Ordinal);
        foreach (var path in paths.Select(p => p.Path))
        {
            hits.AddRange(path.Hits.Where(h => seenHits.Add((h.Chain, h.LineNumber, h.Action))));
            for (var i = 0; i < path.Chains.Count; i++)
            {
                var chain = path.Chains[i];
                firstPosition[chain] = firstPosition.TryGetValue(chain, out var known)
                    ? (Math.Min(known.Position, i), known.Seen)
                    : (i, firstPosition.Count);
            }
        }

        var chains = firstPosition.OrderBy(c => c.Value.Position).ThenBy(c => c.Value.Seen).Select(c => c.Key).ToList();

        var service = chains.Select(NftTracer.ServiceFromChain).FirstOrDefault(s => s is not null)
            ?? main.Paths.Select(p => p.LastElementComment).FirstOrDefault(c => c is not null);
        return new ServiceTrace(packet, main.Verdict, targets, chains, hits, diagnostics, NftTracer.Method, Reason(main.Verdict, main.Paths, service), service);
    }

    private static TraceVerdict VerdictOf(NftPath path, NftOutcome outcome) => outcome switch
    {
        NftOutcome.Drop => TraceVerdict.Drop,
        NftOutcome.Reject => TraceVerdict.Reject,
        _ when path.Natted => TraceVerdict.Dnat,
        _ => TraceVerdict.Accept,
    };

    private static string Reason(TraceVerdict verdict, List<NftPath> paths, string? service)
    {
        var why = paths.Select(p => p.Reason).FirstOrDefault(r => r is not null);
        return verdict switch
        {
            TraceVerdict.Dnat => $"DNAT to {paths.Select(p => p.Destination).Distinct().Count()} endpoint(s){(service is null ? "" : " of " + service)}",
            TraceVerdict.Reject when why is not null && why == service => $"{why} has no endpoints (reject)",
            TraceVerdict.Reject => $"rejected: {why ?? "reject rule"}",
            TraceVerdict.Drop when why is not null && why == service => $"{why} has no (local) endpoints for this traffic (drop)",
            TraceVerdict.Drop => $"dropped: {why ?? "drop rule"}",
            _ => "no rule translated the packet; it is routed as is (no NAT)",
        };
    }

    private static string Name(TraceVerdict verdict) => verdict.ToString().ToLowerInvariant();
}
