using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>The operands of nft expressions: selectors, value lists, inline maps, DNAT targets, marks and numbers.</summary>
internal static partial class NftRuleCompiler
{
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
