using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>
/// Compiles the tokens of one rule into matches and statements. Returns an error text (never throws) when the rule
/// uses an expression the tracer does not evaluate.
/// </summary>
internal static class NftRuleCompiler
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

    private static int ParseMarkSet(IReadOnlyList<string> t, int i, List<NftAction> actions)
    {
        // "mark or 0x4000" / "meta mark | 0x4000" / "meta mark ^ 0x4000" / "0x4000"
        if (t[i] == "meta")
        {
            i++;
        }

        if (t[i] == "mark")
        {
            var op = t[i + 1] switch
            {
                "or" or "|" => "or",
                "xor" or "^" => "xor",
                "and" or "&" => "and",
                var other => throw new NotSupportedException($"mark operator {other} is not evaluated"),
            };
            actions.Add(new NftMarkSetAction(op, ParseNumber(t[i + 2])));
            return i + 3;
        }

        actions.Add(new NftMarkSetAction("set", ParseNumber(t[i])));
        return i + 1;
    }

    private static int ParseSelector(IReadOnlyList<string> t, int i, out NftField field, out string? impliedProtocol)
    {
        impliedProtocol = null;
        var word = t[i];
        var next = i + 1 < t.Count ? t[i + 1] : "";
        switch (word)
        {
            case "ip" when next == "saddr": field = NftField.IpSaddr; return i + 2;
            case "ip" when next == "daddr": field = NftField.IpDaddr; return i + 2;
            case "ip" when next == "protocol": field = NftField.L4Proto; return i + 2;
            case "tcp" or "udp" or "sctp" when next is "dport" or "sport":
                impliedProtocol = word;
                field = next == "dport" ? NftField.Dport : NftField.Sport;
                return i + 2;
            case "th" when next is "dport" or "sport":
                field = next == "dport" ? NftField.Dport : NftField.Sport;
                return i + 2;
            case "meta" when next == "l4proto": field = NftField.L4Proto; return i + 2;
            case "meta" when next == "mark": field = NftField.Mark; return i + 2;
            case "meta" when next is "iifname" or "oifname":
                field = next == "iifname" ? NftField.IifName : NftField.OifName;
                return i + 2;
            case "meta" when next == "nftrace": field = NftField.Mark; throw new NotSupportedException("meta nftrace is a statement");
            case "mark": field = NftField.Mark; return i + 1;
            case "iifname": field = NftField.IifName; return i + 1;
            case "oifname": field = NftField.OifName; return i + 1;
            case "ct" when next == "state": field = NftField.CtState; return i + 2;
            case "fib" when next is "daddr" or "saddr":
                var j = i + 2;
                while (j < t.Count && t[j] is "." or "iif" or "oif" or "mark")
                {
                    j++;
                }

                Expect(t, j, "type");
                field = next == "daddr" ? NftField.FibDaddrType : NftField.FibSaddrType;
                return j + 1;
            default:
                throw new NotSupportedException($"'{word} {next}' is not evaluated");
        }
    }

    private static (List<string> Values, int Next) ParseValues(IReadOnlyList<string> t, int i)
    {
        if (t[i] != "{")
        {
            return (t[i].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(), i + 1);
        }

        var values = new List<string>();
        i++;
        while (i < t.Count && t[i] != "}")
        {
            if (t[i] != ",")
            {
                values.Add(t[i]);
            }

            i++;
        }

        return (values, i + 1);
    }

    /// <summary>Parses "{ k : verdict, k2 : verdict }" starting at the "{"; returns the entries and the index after "}".</summary>
    internal static (List<NftSetElement> Entries, int Next) ParseInlineMap(IReadOnlyList<string> t, int i)
    {
        Expect(t, i, "{");
        var entries = new List<NftSetElement>();
        var current = new List<string>();
        for (i++; i < t.Count; i++)
        {
            if (t[i] is "," or "}")
            {
                if (current.Count > 0)
                {
                    entries.Add(NftRulesetParser.ParseElement(current, 0));
                    current.Clear();
                }

                if (t[i] == "}")
                {
                    return (entries, i + 1);
                }
            }
            else
            {
                current.Add(t[i]);
            }
        }

        throw new FormatException("unterminated { … } in a verdict map");
    }

    private static NftDnatAction ParseDnat(string target)
    {
        var colon = target.LastIndexOf(':');
        if (colon > 0 && !target.StartsWith('[') && target.IndexOf(':') == colon)
        {
            return new NftDnatAction(target[..colon], int.Parse(target[(colon + 1)..], CultureInfo.InvariantCulture));
        }

        if (target.StartsWith('[') && target.Contains("]:", StringComparison.Ordinal))
        {
            var end = target.IndexOf(']', StringComparison.Ordinal);
            return new NftDnatAction(target[1..end], int.Parse(target[(end + 2)..], CultureInfo.InvariantCulture));
        }

        return new NftDnatAction(target, null);
    }

    private static int SkipBraces(IReadOnlyList<string> t, int i)
    {
        if (i >= t.Count || t[i] != "{")
        {
            return i;
        }

        while (i < t.Count && t[i] != "}")
        {
            i++;
        }

        return i + 1;
    }

    internal static long ParseNumber(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);

    private static void Expect(IReadOnlyList<string> t, int i, string word)
    {
        if (i >= t.Count || t[i] != word)
        {
            throw new FormatException($"expected '{word}'");
        }
    }
}
