using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>Walks the chains of one table for a set of packet paths, splitting at numgen and following jump/goto/vmap.</summary>
internal sealed class NftWalker(NftTable table, NftPacketContext context)
{
    private const int MaxDepth = 64;

    public List<(NftPath Path, NftOutcome Outcome)> RunChain(string chainName, NftPath path, int depth)
    {
        if (!table.Chains.TryGetValue(chainName, out var chain))
        {
            context.Note(Diagnostic.Warn($"chain {chainName} is not in table {table.Key}; treated as empty"));
            return [(path, NftOutcome.FallThrough)];
        }

        if (depth > MaxDepth)
        {
            context.Note(Diagnostic.Fail($"chain nesting deeper than {MaxDepth} at {chainName}; the walk stops there"));
            return [(path, NftOutcome.Accept)];
        }

        path.Enter(chainName);
        return RunFrom(chain, 0, path, depth);
    }

    private List<(NftPath, NftOutcome)> RunFrom(NftChain chain, int index, NftPath path, int depth)
    {
        for (var i = index; i < chain.Rules.Count; i++)
        {
            var rule = chain.Rules[i];
            if (rule.Compiled is null)
            {
                context.Note(Diagnostic.Warn($"rule not evaluated ({rule.CompileError}), assumed not to match: {rule.Text}", null, rule.LineNumber));
                continue;
            }

            var share = 1.0;
            foreach (var match in rule.Compiled.Matches)
            {
                share *= NftMatcher.Probability(match, path, context, table, rule);
                if (share == 0)
                {
                    break;
                }
            }

            if (share == 0)
            {
                continue;
            }

            var results = new List<(NftPath, NftOutcome)>();
            if (share < 1)
            {
                results.AddRange(RunFrom(chain, i + 1, path.Clone(1 - share), depth));
                path = path.Clone(share);
            }

            results.AddRange(RunActions(chain, i, 0, path, depth));
            return results;
        }

        return [(path, NftOutcome.FallThrough)];
    }

    private List<(NftPath, NftOutcome)> RunActions(NftChain chain, int index, int actionIndex, NftPath path, int depth)
    {
        var rule = chain.Rules[index];
        var actions = rule.Compiled!.Actions;
        var hitRecorded = actionIndex > 0;
        for (var a = actionIndex; a < actions.Count; a++)
        {
            var action = actions[a];
            switch (action)
            {
                case NftMarkSetAction mark:
                    path.Mark = mark.Operator switch
                    {
                        "or" => path.Mark | mark.Value,
                        "xor" => path.Mark ^ mark.Value,
                        "and" => path.Mark & mark.Value,
                        _ => mark.Value,
                    };
                    Hit(path, rule, $"mark {mark.Operator} 0x{mark.Value:x}", ref hitRecorded);
                    break;
                case NftDnatAction dnat:
                    if (!Ipv4.TryParse(dnat.Address, out var address))
                    {
                        context.Note(Diagnostic.Warn($"dnat target {dnat.Address} is not IPv4", null, rule.LineNumber));
                        return [(path, NftOutcome.Accept)];
                    }

                    path.Destination = address;
                    path.DestinationPort = dnat.Port ?? path.DestinationPort;
                    path.Natted = true;
                    path.EndpointChain = chain.Name;
                    Hit(path, rule, $"dnat to {dnat.Address}{(dnat.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "")}", ref hitRecorded);
                    return [(path, NftOutcome.Accept)];
                case NftMasqueradeAction:
                    path.Masquerade = true;
                    Hit(path, rule, "masquerade", ref hitRecorded);
                    return [(path, NftOutcome.Accept)];
                case NftVerdictAction verdict:
                    Hit(path, rule, verdict.ToString(), ref hitRecorded);
                    return ApplyVerdict(verdict.Kind, verdict.Target, chain, index, a, path, depth, rule.Comment);
                case NftVmapAction vmap:
                    var element = VmapLookup(vmap, path, rule);
                    if (element?.Value is null)
                    {
                        return RunFrom(chain, index + 1, path, depth);
                    }

                    path.LastElementComment = element.Comment ?? path.LastElementComment;
                    Hit(path, rule, $"{string.Join(" . ", element.Key)} : {element.Value}", ref hitRecorded);
                    var (kind, target) = SplitVerdict(element.Value);
                    return ApplyVerdict(kind, target, chain, index, a, path, depth, element.Comment);
                case NftNumgenVmapAction numgen:
                    return Numgen(numgen, chain, index, a, path, depth);
                default:
                    break;
            }
        }

        Hit(path, rule, "continue", ref hitRecorded);
        return RunFrom(chain, index + 1, path, depth);
    }

    private List<(NftPath, NftOutcome)> Numgen(NftNumgenVmapAction numgen, NftChain chain, int index, int a, NftPath path, int depth)
    {
        var results = new List<(NftPath, NftOutcome)>();
        var rule = chain.Rules[index];
        for (var value = 0; value < numgen.Modulus; value++)
        {
            var branch = path.Clone(1.0 / numgen.Modulus);
            var entry = numgen.Entries.FirstOrDefault(e => e.Key.Count == 1 && e.Key[0] == value.ToString(CultureInfo.InvariantCulture));
            if (entry?.Value is null)
            {
                results.AddRange(RunFrom(chain, index + 1, branch, depth));
                continue;
            }

            var recorded = false;
            Hit(branch, rule, $"numgen {value}/{numgen.Modulus} : {entry.Value}", ref recorded);
            var (kind, target) = SplitVerdict(entry.Value);
            results.AddRange(ApplyVerdict(kind, target, chain, index, a, branch, depth, null));
        }

        return results;
    }

    private List<(NftPath, NftOutcome)> ApplyVerdict(string kind, string? target, NftChain chain, int index, int a, NftPath path, int depth, string? why)
    {
        switch (kind)
        {
            case "accept":
                return [(path, NftOutcome.Accept)];
            case "drop" or "reject":
                path.Reason = why ?? path.LastElementComment ?? chain.Rules[index].Comment;
                return [(path, kind == "drop" ? NftOutcome.Drop : NftOutcome.Reject)];
            case "return":
                return [(path, NftOutcome.Return)];
            case "continue":
                return RunFrom(chain, index + 1, path, depth);
            case "jump" when target is not null:
                var results = new List<(NftPath, NftOutcome)>();
                foreach (var (sub, outcome) in RunChain(target, path, depth + 1))
                {
                    if (outcome is NftOutcome.FallThrough or NftOutcome.Return)
                    {
                        sub.Enter(chain.Name);
                        results.AddRange(RunActions(chain, index, a + 1, sub, depth));
                    }
                    else
                    {
                        results.Add((sub, outcome));
                    }
                }

                return results;
            case "goto" when target is not null:
                return RunChain(target, path, depth + 1)
                    .Select(r => (r.Path, r.Outcome == NftOutcome.FallThrough ? NftOutcome.Return : r.Outcome))
                    .ToList();
            default:
                context.Note(Diagnostic.Warn($"verdict '{kind} {target}' not evaluated; treated as accept"));
                return [(path, NftOutcome.Accept)];
        }
    }

    private NftSetElement? VmapLookup(NftVmapAction vmap, NftPath path, NftRule rule)
    {
        if (vmap.Inline is { } inline)
        {
            var values = vmap.Fields.Select(f => NftMatcher.Value(f, path, context)).ToList();
            return inline.FirstOrDefault(e => e.Key.SequenceEqual(values));
        }

        if (!table.Sets.TryGetValue(vmap.MapName!, out var map))
        {
            context.Note(Diagnostic.Warn($"map @{vmap.MapName} is not in the dump; assumed empty", null, rule.LineNumber));
            return null;
        }

        return NftMatcher.Lookup(map, vmap.Fields, path, context);
    }

    private static (string Kind, string? Target) SplitVerdict(string value)
    {
        var parts = value.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : (parts.FirstOrDefault() ?? "accept", null);
    }

    private void Hit(NftPath path, NftRule rule, string action, ref bool recorded)
    {
        if (recorded)
        {
            return;
        }

        recorded = true;
        path.Hits.Add(new RuleHit(table.Key, rule.Chain, rule.LineNumber, rule.Text, action));
    }
}
