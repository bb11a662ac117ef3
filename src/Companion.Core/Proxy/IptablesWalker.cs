using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Walks one table's chains for a packet, forking at statistic rules. Jumps return to the next rule of the caller;
/// a goto returns to the caller's caller; built-in chains end with their policy.
/// </summary>
internal sealed class IptablesWalker(IptablesTable table, PacketSpec packet, uint source, HashSet<uint> localAddresses, bool dnatDone, List<Diagnostic> diagnostics)
{
    private const int MaxDepth = 32;
    private readonly HashSet<int> _reported = [];

    /// <summary>Chains entered, in order of first entry.</summary>
    public List<string> Entered { get; } = [];

    public List<IptablesBranch> RunBuiltIn(string chainName, IptablesBranch start)
    {
        var chain = table.Chain(chainName);
        if (chain is null)
        {
            return [start];
        }

        var results = new List<IptablesBranch>();
        foreach (var b in RunFrom(chain, 0, start, 0))
        {
            if (b.End == IptablesBranchEnd.Returned && chain.Policy is "DROP")
            {
                results.Add(b with { End = IptablesBranchEnd.Drop, PolicyChain = $"{table.Name} {chain.Name}" });
            }
            else
            {
                results.Add(b);
            }
        }

        return results;
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private List<IptablesBranch> RunFrom(IptablesChain chain, int index, IptablesBranch branch, int depth)
    {
        var results = new List<IptablesBranch>();
        if (depth > MaxDepth)
        {
            diagnostics.Add(Diagnostic.Warn($"chain nesting deeper than {MaxDepth} at {chain.Name} (a loop?); the walk stops there"));
            results.Add(branch with { End = IptablesBranchEnd.Drop, PolicyChain = chain.Name });
            return results;
        }

        if (!chain.IsBuiltIn && index == 0 && !Entered.Contains(chain.Name))
        {
            Entered.Add(chain.Name);
        }

        var rules = chain.Rules;
        var lazy = rules as IptablesLazyRules;
        var current = branch;
        for (var i = index; i < rules.Count; i++)
        {
            if (lazy is not null && lazy.CannotMatchDestination(i, current.Destination))
            {
                continue;
            }

            var rule = rules[i];
            var p = Match(rule, current);
            if (p <= 0)
            {
                continue;
            }

            var matched = current with { Probability = current.Probability * p, Hits = new HitNode(Hit(rule), current.Hits) };
            var outcomes = Apply(chain, rule, matched, depth);
            if (p >= 1)
            {
                // Deterministic match: a single "continue" outcome keeps walking this loop without recursion.
                IptablesBranch? cont = null;
                foreach (var o in outcomes)
                {
                    if (o.End == IptablesBranchEnd.Returned && cont is null && !ReturnsFromChain(rule))
                    {
                        cont = o;
                    }
                    else if (o.End == IptablesBranchEnd.Returned && !ReturnsFromChain(rule))
                    {
                        results.AddRange(RunFrom(chain, i + 1, o, depth));
                    }
                    else
                    {
                        results.Add(o);
                    }
                }

                if (cont is null)
                {
                    return results;
                }

                current = cont;
                continue;
            }

            foreach (var o in outcomes)
            {
                if (o.End == IptablesBranchEnd.Returned && !ReturnsFromChain(rule))
                {
                    results.AddRange(RunFrom(chain, i + 1, o, depth));
                }
                else
                {
                    results.Add(o);
                }
            }

            current = current with { Probability = current.Probability * (1 - p) };
        }

        results.Add(current);
        return results;
    }

    /// <summary>RETURN and goto end the current chain when their branch comes back.</summary>
    private static bool ReturnsFromChain(IptablesRule rule) =>
        rule.Target.Kind == IptablesTargetKind.Return || (rule.Target.Kind == IptablesTargetKind.Chain && rule.Target.IsGoto);

    private List<IptablesBranch> Apply(IptablesChain chain, IptablesRule rule, IptablesBranch b, int depth)
    {
        var t = rule.Target;
        switch (t.Kind)
        {
            case IptablesTargetKind.Chain:
                var target = table.Chain(t.Name);
                return target is null ? [b] : RunFrom(target, 0, b, depth + 1);
            case IptablesTargetKind.Accept:
                return [b with { End = IptablesBranchEnd.Accept, TerminalRule = rule }];
            case IptablesTargetKind.Drop:
                return [b with { End = IptablesBranchEnd.Drop, TerminalRule = rule }];
            case IptablesTargetKind.Reject:
                return [b with { End = IptablesBranchEnd.Reject, TerminalRule = rule }];
            case IptablesTargetKind.Masquerade or IptablesTargetKind.Snat:
                return [b with { End = IptablesBranchEnd.Masquerade, TerminalRule = rule }];
            case IptablesTargetKind.Mark:
                var mark = t.AndMask is { } and ? b.Mark & and : (b.Mark & ~t.MarkMask) ^ t.MarkValue;
                return [b with { Mark = mark }];
            case IptablesTargetKind.Dnat:
                return [Dnat(chain, rule, b)];
            default:
                return [b];
        }
    }

    private IptablesBranch Dnat(IptablesChain chain, IptablesRule rule, IptablesBranch b)
    {
        var to = rule.Target.ToDestination ?? "";
        var colon = to.LastIndexOf(':');
        var hostText = colon > 0 ? to[..colon] : to;
        var port = b.DestinationPort;
        if (colon > 0 && int.TryParse(to.AsSpan(colon + 1), out var parsedPort))
        {
            port = parsedPort;
        }

        if (!Ipv4.TryParse(hostText, out var address))
        {
            Report(rule, $"DNAT target '{to}' is not an IPv4 address (ranges are not evaluated)");
            return b with { End = IptablesBranchEnd.Dnat, DnatEndpoint = to, DnatChain = chain.Name, TerminalRule = rule };
        }

        return b with
        {
            End = IptablesBranchEnd.Dnat,
            Destination = address,
            DestinationPort = port,
            DnatEndpoint = $"{Ipv4.Format(address)}:{port}",
            DnatChain = chain.Name,
            TerminalRule = rule,
        };
    }

    private static RuleHit Hit(IptablesRule rule) =>
        new(rule.Table, rule.Chain, rule.LineNumber, rule.Text, rule.Target.Describe());

    /// <summary>1 = matches, 0 = does not, in between = a statistic rule's probability.</summary>
    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double Match(IptablesRule rule, IptablesBranch b)
    {
        var probability = 1.0;
        foreach (var m in rule.Matches)
        {
            bool result;
            switch (m.Kind)
            {
                case IptablesMatchKind.Source:
                    result = (source & m.Mask) == m.Address;
                    break;
                case IptablesMatchKind.Destination:
                    result = (b.Destination & m.Mask) == m.Address;
                    break;
                case IptablesMatchKind.Protocol:
                    result = m.Value is "all" or "0" || string.Equals(m.Value, packet.Protocol, StringComparison.OrdinalIgnoreCase);
                    break;
                case IptablesMatchKind.DestinationPort:
                    result = m.Ports!.Any(r => r.Contains(b.DestinationPort));
                    break;
                case IptablesMatchKind.SourcePort:
                    Report(rule, "source-port matches are evaluated as 'no match' (the source port is random)");
                    return 0;
                case IptablesMatchKind.Comment or IptablesMatchKind.RecentSet:
                    continue;
                case IptablesMatchKind.StatisticRandom:
                    probability *= m.Negated ? 1 - m.Probability : m.Probability;
                    continue;
                case IptablesMatchKind.RecentCheck:
                    Report(rule, $"session affinity: a client that connected within {m.Seconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s sticks to the endpoint of recent list {m.Value} (line {rule.LineNumber}); probabilities shown are a new client's first pick", DiagnosticSeverity.Info);
                    result = false;
                    break;
                case IptablesMatchKind.AddrTypeSource:
                    result = m.Value == "LOCAL" && IsLocal(source);
                    break;
                case IptablesMatchKind.AddrTypeDestination:
                    result = m.Value == "LOCAL" && IsLocal(b.Destination);
                    break;
                case IptablesMatchKind.Mark:
                    result = (b.Mark & m.Mask) == m.Address;
                    break;
                case IptablesMatchKind.ConnState:
                    result = m.Value!.Split(',').Any(s => s == "NEW" || (s == "DNAT" && dnatDone));
                    break;
                case IptablesMatchKind.InInterface or IptablesMatchKind.OutInterface:
                    var iface = m.Kind == IptablesMatchKind.InInterface ? packet.InInterface : packet.OutInterface;
                    if (iface is null)
                    {
                        Report(rule, $"rule depends on an interface ({m.Text}) and the packet names none; assumed not to match");
                        return 0;
                    }

                    result = m.Value!.EndsWith('+') ? iface.StartsWith(m.Value[..^1], StringComparison.Ordinal) : iface == m.Value;
                    break;
                case IptablesMatchKind.TcpSyn:
                    result = packet.Protocol == "tcp";
                    break;
                default:
                    Report(rule, $"cannot evaluate '{m.Text}'; the rule is assumed not to match");
                    return 0;
            }

            if (result == m.Negated)
            {
                return 0;
            }
        }

        return probability;
    }

    private bool IsLocal(uint address) => Ipv4.IsLoopback(address) || localAddresses.Contains(address);

    private void Report(IptablesRule rule, string message, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
    {
        if (_reported.Add(rule.LineNumber))
        {
            diagnostics.Add(new Diagnostic(severity, message, rule.Table + " " + rule.Chain, rule.LineNumber));
        }
    }
}
