using System.Collections;
using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// A chain's rules, decoded from the dump text the first time each is read. Decoding is pure, so two threads that race
/// on one rule compute the same value.
/// </summary>
internal sealed class IptablesLazyRules(DumpText text, string? source, string table, string chain, ArraySegment<IptablesRuleSlot> slots, Dictionary<string, int> declaredChains)
    : IReadOnlyList<IptablesRule>
{
    private static readonly HashSet<string> BuiltInTargets =
        ["ACCEPT", "DROP", "REJECT", "RETURN", "DNAT", "SNAT", "MASQUERADE", "MARK", "LOG", "TRACE", "CONNMARK", "NOTRACK", "CT", "NFLOG", "CHECKSUM", "TCPMSS"];

    private IptablesRule?[]? _rules;
    private List<Diagnostic>?[]? _problems;

    public int Count => slots.Count;

    public IptablesRule this[int index] => _rules?[index] ?? Decode(index);

    public IEnumerator<IptablesRule> GetEnumerator()
    {
        for (var i = 0; i < slots.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// True when the rule's text has a plain "-d CIDR" that does not contain <paramref name="destination"/>: such a rule
    /// cannot match, and the walk skips it without decoding it (most of KUBE-SERVICES, for a 10,000-Service dump).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool CannotMatchDestination(int index, uint destination)
    {
        if (_rules?[index] is not null)
        {
            return false;
        }

        var slot = slots[index];
        return text is DumpBytes bytes
            ? IptablesPlainDestination.Excludes(bytes.Span(slot.Start, slot.Length), destination)
            : IptablesPlainDestination.Excludes(((DumpTextStore)text).Get(slot.Start, slot.Length), destination);
    }

    /// <summary>What was wrong with the rules decoded so far (decodes nothing).</summary>
    public IEnumerable<Diagnostic> DecodedProblems() => _problems is null ? [] : _problems.Where(p => p is not null).SelectMany(p => p!);

    /// <summary>Decodes every rule and returns what was wrong with them.</summary>
    public IEnumerable<Diagnostic> AllProblems()
    {
        for (var i = 0; i < slots.Count; i++)
        {
            _ = this[i];
            if (_problems?[i] is { } list)
            {
                foreach (var d in list)
                {
                    yield return d;
                }
            }
        }
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private IptablesRule Decode(int index)
    {
        var slot = slots[index];
        var line = text.GetString(slot.Start, slot.Length);
        var problems = new List<Diagnostic>(0);
        long? packets = null, bytes = null;
        var ruleText = line;
        if (line.StartsWith('['))
        {
            var close = line.IndexOf(']', StringComparison.Ordinal);
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (close > 0 && colon > 0 && colon < close
                && long.TryParse(line.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                && long.TryParse(line.AsSpan(colon + 1, close - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                (packets, bytes) = (p, b);
            }

            ruleText = close > 0 ? line[(close + 1)..].TrimStart() : line;
        }

        var tokens = IptablesTokenizer.Split(ruleText, out var unterminated);
        if (unterminated)
        {
            problems.Add(Diagnostic.Warn("unterminated quote", source, slot.LineNumber));
        }

        var start = 2;
        if (slot.Inserted && tokens.Count > 2 && int.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            start = 3;
        }

        var (matches, target, found) = IptablesRuleParser.Parse(tokens, start);
        var c = tokens.IndexOf("-c", start);
        if (c >= 0 && c + 2 < tokens.Count
            && long.TryParse(tokens[c + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var cp)
            && long.TryParse(tokens[c + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var cb))
        {
            (packets, bytes) = (cp, cb);
        }

        foreach (var problem in found)
        {
            problems.Add(Diagnostic.Warn(problem, source, slot.LineNumber));
        }

        if (target.Kind == IptablesTargetKind.Chain && !declaredChains.ContainsKey(target.Name))
        {
            problems.Add(Diagnostic.Warn(
                BuiltInTargets.Contains(target.Name) ? $"target {target.Name} is not evaluated; the walk continues past it" : $"jump to chain {target.Name}, which is not declared in table {table}",
                source,
                slot.LineNumber));
            target = target with { Kind = IptablesTargetKind.Other };
        }

        var rule = new IptablesRule(table, chain, slot.LineNumber, ruleText, matches, target, packets, bytes);
        (_problems ??= new List<Diagnostic>?[slots.Count])[index] = problems.Count > 0 ? problems : null;
        (_rules ??= new IptablesRule?[slots.Count])[index] = rule;
        return rule;
    }
}
