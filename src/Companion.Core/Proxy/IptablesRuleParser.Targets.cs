using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>The target of a rule (-j / -g and its options), marks and port lists.</summary>
internal static partial class IptablesRuleParser
{
    private static IptablesTarget ParseTarget(List<string> tokens, ref int i, bool isGoto, List<string> problems)
    {
        var name = i + 1 < tokens.Count ? tokens[++i] : "";
        var options = new List<string>();
        while (i + 1 < tokens.Count && tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            options.Add(tokens[++i]);
            if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options.Add(tokens[++i]);
            }
        }

        string? Opt(string key)
        {
            var k = options.IndexOf(key);
            return k >= 0 && k + 1 < options.Count ? options[k + 1] : null;
        }

        var text = options.Count == 0 ? null : string.Join(' ', options);
        switch (name)
        {
            case "ACCEPT": return new(IptablesTargetKind.Accept, name) { Options = text };
            case "DROP": return new(IptablesTargetKind.Drop, name) { Options = text };
            case "REJECT": return new(IptablesTargetKind.Reject, name) { Options = text };
            case "RETURN": return new(IptablesTargetKind.Return, name) { Options = text };
            case "MASQUERADE": return new(IptablesTargetKind.Masquerade, name) { Options = text };
            case "SNAT": return new(IptablesTargetKind.Snat, name) { Options = text, ToDestination = Opt("--to-source") };
            case "DNAT":
                {
                    var to = Opt("--to-destination");
                    if (to is null)
                    {
                        problems.Add("DNAT without --to-destination");
                    }

                    return new(IptablesTargetKind.Dnat, name) { Options = text, ToDestination = to };
                }

            case "MARK":
                return ParseMarkTarget(options, text, problems);
            case "LOG" or "TRACE" or "CONNMARK" or "NOTRACK" or "CT" or "NFLOG" or "CHECKSUM" or "TCPMSS":
                return new(IptablesTargetKind.Other, name) { Options = text };
            default:
                return new(IptablesTargetKind.Chain, name, isGoto) { Options = text };
        }
    }

    private static IptablesTarget ParseMarkTarget(List<string> options, string? text, List<string> problems)
    {
        var op = options.Count > 0 ? options[0] : "";
        var arg = options.Count > 1 ? options[1] : "";
        if (!TryParseMark(arg, out var value, out var mask, defaultMask: op is "--set-xmark" or "--set-mark" ? 0xFFFFFFFF : 0))
        {
            problems.Add($"MARK {text} is not understood");
            return new(IptablesTargetKind.Other, "MARK") { Options = text };
        }

        var target = new IptablesTarget(IptablesTargetKind.Mark, "MARK") { Options = text };
        return op switch
        {
            "--set-xmark" => target with { MarkValue = value, MarkMask = mask },
            "--set-mark" => target with { MarkValue = value, MarkMask = mask | value },
            "--or-mark" => target with { MarkValue = value, MarkMask = value },
            "--xor-mark" => target with { MarkValue = value, MarkMask = 0 },
            "--and-mark" => target with { AndMask = value, MarkValue = 0, MarkMask = 0 },
            _ => target with { Kind = IptablesTargetKind.Other },
        };
    }

    internal static bool TryParseMark(string text, out uint value, out uint mask, uint defaultMask = 0xFFFFFFFF)
    {
        mask = defaultMask;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var ok = ParseUInt(slash < 0 ? text : text[..slash], out value);
        if (ok && slash >= 0)
        {
            ok = ParseUInt(text[(slash + 1)..], out mask);
        }

        return ok;
    }

    private static bool ParseUInt(string text, out uint value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static List<PortRange>? ParsePorts(string text)
    {
        var list = new List<PortRange>(1);
        foreach (var part in text.Split(','))
        {
            var sep = part.IndexOf(':', StringComparison.Ordinal);
            if (sep < 0)
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                {
                    return null;
                }

                list.Add(new PortRange(p, p));
            }
            else if (int.TryParse(part.AsSpan(0, sep), NumberStyles.None, CultureInfo.InvariantCulture, out var lo)
                     && int.TryParse(part.AsSpan(sep + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var hi))
            {
                list.Add(new PortRange(lo, hi));
            }
            else
            {
                return null;
            }
        }

        return list;
    }

    private static IptablesMatch Unknown(string text, bool negate) => new(IptablesMatchKind.Unknown, negate, $"{Neg(negate)}{text}") { Value = text };
}
