using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>
/// Compiles the tokens of one rule into matches and statements. Returns an error text (never throws) when the rule
/// uses an expression the tracer does not evaluate.
/// </summary>
internal static partial class NftRuleCompiler
{
    private static readonly HashSet<string> Verdicts = ["jump", "goto", "return", "accept", "drop", "continue"];
    private static readonly HashSet<string> Operators = ["==", "!=", "<", ">", "<=", ">="];

    public static (NftCompiledRule? Rule, string? Comment, string? Error) Compile(IReadOnlyList<string> t)
    {
        var matches = new List<NftMatch>();
        var actions = new List<NftAction>();
        string? comment = null;
        var i = 0;
        try
        {
            while (i < t.Count)
            {
                var word = t[i];
                if (word == "comment" && i + 1 < t.Count)
                {
                    comment = NftTokenizer.Unquote(t[i + 1]);
                    i += 2;
                }
                else if (Verdicts.Contains(word))
                {
                    var target = word is "jump" or "goto" && i + 1 < t.Count ? t[i + 1] : null;
                    actions.Add(new NftVerdictAction(word, target));
                    i += target is null ? 1 : 2;
                }
                else if (word == "reject")
                {
                    var start = ++i;
                    if (i < t.Count && t[i] == "with")
                    {
                        while (i < t.Count && t[i] != "comment")
                        {
                            i++;
                        }
                    }

                    actions.Add(new NftVerdictAction("reject", null, string.Join(' ', t.Skip(start).Take(i - start))));
                }
                else if (word == "dnat")
                {
                    i++;
                    if (i < t.Count && t[i] is "ip" or "ip6")
                    {
                        i++;
                    }

                    if (i < t.Count && t[i] == "to")
                    {
                        i++;
                    }

                    actions.Add(ParseDnat(t[i++]));
                    while (i < t.Count && t[i] is "fully-random" or "random" or "persistent")
                    {
                        i++;
                    }
                }
                else if (word == "masquerade")
                {
                    i++;
                    var options = i < t.Count && t[i] is not "comment" ? t[i++] : "";
                    actions.Add(new NftMasqueradeAction(options));
                }
                else if (word == "counter")
                {
                    i++;
                    while (i + 1 < t.Count && t[i] is "packets" or "bytes")
                    {
                        i += 2;
                    }

                    actions.Add(new NftNoOpAction("counter"));
                }
                else if (word is "update" or "add" && i + 1 < t.Count && t[i + 1].StartsWith('@'))
                {
                    i = SkipBraces(t, i + 2);
                    actions.Add(new NftNoOpAction(word));
                }
                else if (word == "log")
                {
                    i++;
                    while (i + 1 < t.Count && t[i] is "prefix" or "level" or "flags" or "group")
                    {
                        i += 2;
                    }

                    actions.Add(new NftNoOpAction("log"));
                }
                else if (word == "meta" && i + 1 < t.Count && t[i + 1] == "nftrace")
                {
                    i += 4; // meta nftrace set 1
                    actions.Add(new NftNoOpAction("nftrace"));
                }
                else if (word == "numgen")
                {
                    i = CompileNumgen(t, i, matches, actions);
                }
                else
                {
                    i = CompileSelectorExpression(t, i, matches, actions);
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or NotSupportedException)
        {
            return (null, comment, ex.Message);
        }

        return (new NftCompiledRule(matches, actions), comment, null);
    }

    private static int CompileNumgen(IReadOnlyList<string> t, int i, List<NftMatch> matches, List<NftAction> actions)
    {
        // numgen random mod N [offset K] (vmap { … } | op value | value)
        Expect(t, i + 1, "random");
        Expect(t, i + 2, "mod");
        var modulus = int.Parse(t[i + 3], CultureInfo.InvariantCulture);
        i += 4;
        if (i + 1 < t.Count && t[i] == "offset")
        {
            throw new NotSupportedException("numgen with offset is not evaluated");
        }

        if (i < t.Count && t[i] == "vmap")
        {
            var (entries, next) = ParseInlineMap(t, i + 1);
            actions.Add(new NftNumgenVmapAction(modulus, entries));
            return next;
        }

        var op = "==";
        if (i < t.Count && Operators.Contains(t[i]))
        {
            op = t[i++];
        }

        matches.Add(new NftNumgenMatch(modulus, op, int.Parse(t[i], CultureInfo.InvariantCulture)));
        return i + 1;
    }

    private static int CompileSelectorExpression(IReadOnlyList<string> t, int i, List<NftMatch> matches, List<NftAction> actions)
    {
        var fields = new List<(NftField Field, string? Implied)>();
        i = ParseSelector(t, i, out var first, out var implied);
        fields.Add((first, implied));
        while (i < t.Count && t[i] == ".")
        {
            i = ParseSelector(t, i + 1, out var next, out var nextImplied);
            fields.Add((next, nextImplied));
        }

        foreach (var (_, protocol) in fields.Where(f => f.Implied is not null))
        {
            matches.Add(new NftCompareMatch(NftField.L4Proto, false, [protocol!]));
        }

        var keys = fields.Select(f => f.Field).ToList();
        if (i < t.Count && t[i] == "vmap")
        {
            if (i + 1 < t.Count && t[i + 1].StartsWith('@'))
            {
                actions.Add(new NftVmapAction(keys, t[i + 1][1..], null));
                return i + 2;
            }

            var (entries, next) = ParseInlineMap(t, i + 1);
            actions.Add(new NftVmapAction(keys, null, entries));
            return next;
        }

        if (keys is [NftField.Mark] && i < t.Count && t[i] == "set")
        {
            return ParseMarkSet(t, i + 1, actions);
        }

        if (keys.Count == 1 && keys[0] == NftField.L4Proto && fields[0].Implied is null && i < t.Count && t[i] == "set")
        {
            throw new NotSupportedException("setting meta l4proto is not evaluated");
        }

        if (i < t.Count && t[i] == "set" && t.Count > i + 1)
        {
            throw new NotSupportedException($"'{string.Join(' ', t.Skip(i - 1).Take(3))}' is not evaluated");
        }

        long? mask = null;
        if (keys is [NftField.Mark] && i < t.Count && t[i] is "&" or "and")
        {
            mask = ParseNumber(t[i + 1]);
            i += 2;
        }

        var negated = false;
        if (i < t.Count && Operators.Contains(t[i]))
        {
            if (t[i] is not ("==" or "!="))
            {
                throw new NotSupportedException($"operator {t[i]} is not evaluated");
            }

            negated = t[i] == "!=";
            i++;
        }

        if (i < t.Count && t[i].StartsWith('@'))
        {
            matches.Add(new NftSetMatch(keys, negated, t[i][1..]));
            return i + 1;
        }

        if (keys.Count != 1)
        {
            throw new NotSupportedException("a concatenation compared with a literal is not evaluated");
        }

        var (values, after) = ParseValues(t, i);
        if (keys[0] == NftField.Mark)
        {
            foreach (var value in values)
            {
                _ = ParseNumber(value); // a mark the walk cannot compare: a compile error (with the rule's line), not a throw mid-trace
            }
        }

        matches.Add(new NftCompareMatch(keys[0], negated, values, mask));
        return after;
    }
}
