using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Walks a packet through an iptables-save dump the way the kernel does for kube-proxy's rules:
/// <code>
/// nat PREROUTING|OUTPUT → KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… → DNAT     (forks at each statistic rule)
/// routing on the post-DNAT address → filter INPUT|FORWARD|OUTPUT            (REJECT/DROP of endpoint-less services)
/// nat POSTROUTING → KUBE-POSTROUTING → MASQUERADE if KUBE-MARK-MASQ set the mark
/// </code>
/// </summary>
public static class IptablesTracer
{
    public const string MethodName = "iptables-save";

    public static ServiceTrace Trace(IptablesRuleset ruleset, PacketSpec packet)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        ArgumentNullException.ThrowIfNull(packet);
        var diagnostics = new List<Diagnostic>();
        if (!Ipv4.TryParse(packet.Source, out var source) || !Ipv4.TryParse(packet.Destination, out var destination))
        {
            diagnostics.Add(Diagnostic.Fail($"only IPv4 packets are traced (source '{packet.Source}', destination '{packet.Destination}')"));
            return new ServiceTrace(packet, TraceVerdict.Accept, [], [], [], diagnostics, MethodName, "packet not traced");
        }

        var locals = new HashSet<uint>();
        foreach (var a in packet.LocalAddresses ?? [])
        {
            if (Ipv4.TryParse(a, out var l))
            {
                locals.Add(l);
            }
            else
            {
                diagnostics.Add(Diagnostic.Warn($"local address '{a}' is not IPv4; ignored"));
            }
        }

        var local = packet.Entry == PacketEntry.Local;
        var start = new IptablesBranch(destination, packet.DestinationPort, 0, 1.0, null);
        var chains = new List<string>();
        var natBranches = new List<IptablesBranch> { start };
        var nat = ruleset.Table("nat");
        if (nat is null)
        {
            diagnostics.Add(Diagnostic.Warn("the dump has no *nat table: no Service DNAT can be seen"));
        }
        else
        {
            var walker = new IptablesWalker(nat, packet, source, locals, false, diagnostics);
            natBranches = walker.RunBuiltIn(local ? "OUTPUT" : "PREROUTING", start);
            chains.AddRange(walker.Entered);
        }

        var finished = new List<IptablesBranch>();
        foreach (var b in natBranches)
        {
            finished.AddRange(AfterNat(ruleset, packet, source, locals, b, diagnostics, chains));
        }

        return Summarize(packet, finished, chains, diagnostics);
    }

    private static IEnumerable<IptablesBranch> AfterNat(
        IptablesRuleset ruleset, PacketSpec packet, uint source, HashSet<uint> locals, IptablesBranch b, List<Diagnostic> diagnostics, List<string> chains)
    {
        if (b.End is IptablesBranchEnd.Drop or IptablesBranchEnd.Reject)
        {
            yield return b;
            yield break;
        }

        var dnat = b.End == IptablesBranchEnd.Dnat;
        var toLocal = Ipv4.IsLoopback(b.Destination) || locals.Contains(b.Destination);
        var filterChain = packet.Entry == PacketEntry.Local ? "OUTPUT" : toLocal ? "INPUT" : "FORWARD";
        var afterFilter = new List<IptablesBranch> { b with { End = IptablesBranchEnd.Returned } };
        var filter = ruleset.Table("filter");
        if (filter is not null)
        {
            var walker = new IptablesWalker(filter, packet, source, locals, dnat, diagnostics);
            afterFilter = walker.RunBuiltIn(filterChain, afterFilter[0]);
        }

        foreach (var f in afterFilter)
        {
            if (f.End is IptablesBranchEnd.Drop or IptablesBranchEnd.Reject)
            {
                if (f.TerminalRule is { } r && !chains.Contains(r.Chain))
                {
                    chains.Add(r.Chain);
                }

                yield return f;
                continue;
            }

            var masquerade = false;
            var nat = ruleset.Table("nat");
            if (!(packet.Entry == PacketEntry.Network && toLocal) && nat is not null)
            {
                var walker = new IptablesWalker(nat, packet, source, locals, dnat, diagnostics);
                var post = walker.RunBuiltIn("POSTROUTING", f with { End = IptablesBranchEnd.Returned });
                foreach (var p in post)
                {
                    masquerade = p.End == IptablesBranchEnd.Masquerade;
                    yield return p with
                    {
                        End = dnat ? IptablesBranchEnd.Dnat : IptablesBranchEnd.Accept,
                        Masquerade = masquerade,
                        DnatEndpoint = b.DnatEndpoint,
                        DnatChain = b.DnatChain,
                        Destination = b.Destination,
                        DestinationPort = b.DestinationPort,
                    };
                }

                continue;
            }

            yield return f with { End = dnat ? IptablesBranchEnd.Dnat : IptablesBranchEnd.Accept, Masquerade = false };
        }
    }

    private static ServiceTrace Summarize(PacketSpec packet, List<IptablesBranch> branches, List<string> chains, List<Diagnostic> diagnostics)
    {
        var hits = new List<RuleHit>();
        var seen = new HashSet<(string, int)>();
        foreach (var b in branches)
        {
            foreach (var h in b.HitsInOrder())
            {
                if (seen.Add((h.Table, h.LineNumber)))
                {
                    hits.Add(h);
                }
            }
        }

        var serviceName = hits
            .Where(h => h.Chain is "KUBE-SERVICES" or "KUBE-NODEPORTS" or "KUBE-EXTERNAL-SERVICES" or "KUBE-PROXY-FIREWALL")
            .Select(h => ServiceNameFromRule(h.RuleText))
            .FirstOrDefault(n => n is not null);

        var dnat = branches.Where(b => b.End == IptablesBranchEnd.Dnat).ToList();
        if (dnat.Count > 0)
        {
            var targets = dnat
                .GroupBy(b => (b.DnatEndpoint, Masq: b.Masquerade, b.DnatChain))
                .Select(g => new EndpointTarget(g.Key.DnatEndpoint ?? "?", Math.Round(g.Sum(x => x.Probability), 10), g.Key.Masq, g.Key.DnatChain))
                .OrderBy(t => t.Chain, StringComparer.Ordinal)
                .ToList();
            var lost = 1 - dnat.Sum(b => b.Probability);
            if (lost > 1e-9)
            {
                diagnostics.Add(Diagnostic.Warn($"{lost:P1} of the paths do not end in a DNAT (dropped, rejected or un-NATed)"));
            }

            targets = OrderLikeRules(targets, hits);
            return new ServiceTrace(packet, TraceVerdict.Dnat, targets, chains, hits, diagnostics, IptablesTracer.MethodName, ServiceName: serviceName);
        }

        var main = branches.OrderByDescending(b => b.Probability).First();
        var (verdict, reason) = main.End switch
        {
            IptablesBranchEnd.Reject => (TraceVerdict.Reject, Why("REJECT", main)),
            IptablesBranchEnd.Drop => (TraceVerdict.Drop, Why("DROP", main)),
            _ => (TraceVerdict.Accept, "no Service rule translated the packet: it is routed as is (no NAT)"),
        };
        return new ServiceTrace(packet, verdict, [], chains, hits, diagnostics, IptablesTracer.MethodName, reason, serviceName);
    }

    private static List<EndpointTarget> OrderLikeRules(List<EndpointTarget> targets, List<RuleHit> hits)
    {
        var order = hits.Select((h, i) => (h, i)).Where(x => x.h.Action.StartsWith("DNAT", StringComparison.Ordinal))
            .ToDictionary(x => x.h.Chain, x => x.i, StringComparer.Ordinal);
        return [.. targets.OrderBy(t => t.Chain is not null && order.TryGetValue(t.Chain, out var i) ? i : int.MaxValue)];
    }

    private static string Why(string what, IptablesBranch b)
    {
        if (b.TerminalRule is { } r)
        {
            var comment = r.Comment is { } c ? $" (\"{c}\")" : "";
            return $"{what} by {r.Table} {r.Chain}, line {r.LineNumber}{comment}";
        }

        return $"{what} by the policy of {b.PolicyChain}";
    }

    /// <summary>"ns/svc:port cluster IP" → "ns/svc:port"; kube-proxy's own comments ("kubernetes …") give null.</summary>
    internal static string? ServiceNameFromRule(string ruleText)
    {
        const string Marker = "--comment ";
        var at = ruleText.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = ruleText[(at + Marker.Length)..].TrimStart('"');
        var end = rest.IndexOfAny([' ', '"']);
        var name = end < 0 ? rest : rest[..end];
        return name.Contains('/', StringComparison.Ordinal) && !name.StartsWith("kubernetes", StringComparison.Ordinal) ? name : null;
    }
}
