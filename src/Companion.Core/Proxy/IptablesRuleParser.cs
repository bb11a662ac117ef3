using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>Decodes the tokens after "-A CHAIN" into matches and a target. Unknown options become Unknown matches.</summary>
internal static class IptablesRuleParser
{
    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static (List<IptablesMatch> Matches, IptablesTarget Target, List<string> Problems) Parse(List<string> tokens, int start)
    {
        var matches = new List<IptablesMatch>(8);
        var problems = new List<string>();
        IptablesTarget target = new(IptablesTargetKind.None, "");
        string? module = null;
        var negate = false;
        var i = start;

        string? Next() => i + 1 < tokens.Count ? tokens[++i] : null;

        while (i < tokens.Count)
        {
            var token = tokens[i];
            if (token == "!")
            {
                negate = true;
                i++;
                continue;
            }

            switch (token)
            {
                case "-s" or "--source" or "--src":
                case "-d" or "--destination" or "--dst":
                    {
                        var value = Next() ?? "";
                        var kind = token is "-s" or "--source" or "--src" ? IptablesMatchKind.Source : IptablesMatchKind.Destination;
                        if (Ipv4.TryParseCidr(value, out var net, out var mask))
                        {
                            matches.Add(new IptablesMatch(kind, negate, $"{Neg(negate)}{token} {value}") { Address = net, Mask = mask, Value = value });
                        }
                        else
                        {
                            matches.Add(Unknown($"{token} {value}", negate));
                            problems.Add($"address '{value}' is not an IPv4 address or CIDR");
                        }

                        break;
                    }

                case "-p" or "--protocol":
                    {
                        var value = (Next() ?? "").ToLowerInvariant();
                        matches.Add(new IptablesMatch(IptablesMatchKind.Protocol, negate, $"{Neg(negate)}-p {value}") { Value = value });
                        break;
                    }

                case "-i" or "--in-interface" or "-o" or "--out-interface":
                    {
                        var value = Next() ?? "";
                        var kind = token is "-i" or "--in-interface" ? IptablesMatchKind.InInterface : IptablesMatchKind.OutInterface;
                        matches.Add(new IptablesMatch(kind, negate, $"{Neg(negate)}{token} {value}") { Value = value });
                        break;
                    }

                case "-m" or "--match":
                    module = Next();
                    break;

                case "-j" or "--jump" or "-g" or "--goto":
                    target = ParseTarget(tokens, ref i, token is "-g" or "--goto", problems);
                    break;

                case "-c" or "--set-counters":
                    i += 2;
                    break;

                default:
                    ParseModuleOption(module, token, negate, tokens, ref i, matches, problems);
                    break;
            }

            negate = false;
            i++;
        }

        var nameAt = tokens.IndexOf("--name", start);
        if (nameAt >= 0 && nameAt + 1 < tokens.Count)
        {
            for (var k = 0; k < matches.Count; k++)
            {
                if (matches[k].Kind is IptablesMatchKind.RecentCheck or IptablesMatchKind.RecentSet)
                {
                    matches[k] = matches[k] with { Value = tokens[nameAt + 1] };
                }
            }
        }

        return (matches, target, problems);
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ParseModuleOption(string? module, string option, bool negate, List<string> tokens, ref int i, List<IptablesMatch> matches, List<string> problems)
    {
        var index = i;
        string Value() => index + 1 < tokens.Count ? tokens[++index] : "";

        switch (module, option)
        {
            case (_, "--dport" or "--destination-port" or "--dports" or "--destination-ports"):
            case (_, "--sport" or "--source-port" or "--sports" or "--source-ports"):
                {
                    var text = Value();
                    var kind = option.StartsWith("--d", StringComparison.Ordinal) ? IptablesMatchKind.DestinationPort : IptablesMatchKind.SourcePort;
                    var ports = ParsePorts(text);
                    if (ports is null)
                    {
                        matches.Add(Unknown($"{option} {text}", negate));
                        problems.Add($"port list '{text}' is not understood");
                    }
                    else
                    {
                        matches.Add(new IptablesMatch(kind, negate, $"{Neg(negate)}{option} {text}") { Ports = ports });
                    }

                    break;
                }

            case ("comment", "--comment"):
                matches.Add(new IptablesMatch(IptablesMatchKind.Comment, false, "comment") { Value = Value() });
                break;

            case ("statistic", "--mode"):
                {
                    var mode = Value();
                    if (mode != "random")
                    {
                        matches.Add(Unknown($"statistic --mode {mode}", negate));
                        problems.Add($"statistic mode '{mode}' is not evaluated");
                    }

                    break;
                }

            case ("statistic", "--probability"):
                {
                    var text = Value();
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 1)
                    {
                        // xt_statistic keeps round(p·2³¹) and compares it with 31 random bits.
                        var applied = Math.Round(p * 2147483648.0) / 2147483648.0;
                        matches.Add(new IptablesMatch(IptablesMatchKind.StatisticRandom, negate, $"{Neg(negate)}--probability {text}") { Probability = applied, Value = text });
                    }
                    else
                    {
                        matches.Add(Unknown($"--probability {text}", negate));
                        problems.Add($"probability '{text}' is not a number between 0 and 1");
                    }

                    break;
                }

            case ("statistic", "--every" or "--packet"):
                Value();
                break;

            case ("recent", "--rcheck" or "--update"):
                matches.Add(new IptablesMatch(IptablesMatchKind.RecentCheck, negate, $"recent {option}"));
                break;

            case ("recent", "--set"):
                matches.Add(new IptablesMatch(IptablesMatchKind.RecentSet, negate, "recent --set"));
                break;

            case ("recent", "--name"):
                Value();
                break;

            case ("recent", "--seconds"):
                {
                    var text = Value();
                    var idx = matches.FindLastIndex(m => m.Kind == IptablesMatchKind.RecentCheck);
                    if (idx >= 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                    {
                        matches[idx] = matches[idx] with { Seconds = s };
                    }

                    break;
                }

            case ("recent", "--mask" or "--hitcount"):
                Value();
                break;

            case ("recent", "--reap" or "--rsource" or "--rdest" or "--rttl"):
                break;

            case ("addrtype", "--dst-type" or "--src-type"):
                {
                    var type = Value();
                    var kind = option == "--dst-type" ? IptablesMatchKind.AddrTypeDestination : IptablesMatchKind.AddrTypeSource;
                    matches.Add(new IptablesMatch(kind, negate, $"{Neg(negate)}{option} {type}") { Value = type });
                    if (type != "LOCAL")
                    {
                        problems.Add($"addrtype {type} is evaluated as 'not LOCAL'");
                    }

                    break;
                }

            case ("mark", "--mark"):
                {
                    var text = Value();
                    if (TryParseMark(text, out var value, out var mask))
                    {
                        matches.Add(new IptablesMatch(IptablesMatchKind.Mark, negate, $"{Neg(negate)}--mark {text}") { Address = value, Mask = mask });
                    }
                    else
                    {
                        matches.Add(Unknown($"--mark {text}", negate));
                        problems.Add($"mark '{text}' is not understood");
                    }

                    break;
                }

            case ("conntrack", "--ctstate"):
            case ("state", "--state"):
                {
                    var text = Value();
                    matches.Add(new IptablesMatch(IptablesMatchKind.ConnState, negate, $"{Neg(negate)}--ctstate {text}") { Value = text });
                    break;
                }

            case ("set", "--match-set"):
                {
                    var name = Value();
                    var flags = Value();
                    matches.Add(new IptablesMatch(IptablesMatchKind.MatchSet, negate, $"{Neg(negate)}--match-set {name} {flags}") { Value = name });
                    break;
                }

            case (_, "--syn"):
                matches.Add(new IptablesMatch(IptablesMatchKind.TcpSyn, negate, $"{Neg(negate)}--syn"));
                break;

            default:
                {
                    var text = option;
                    while (index + 1 < tokens.Count && !tokens[index + 1].StartsWith('-') && tokens[index + 1] != "!")
                    {
                        text += " " + tokens[++index];
                    }

                    matches.Add(Unknown((module is null ? "" : $"-m {module} ") + text, negate));
                    problems.Add($"unsupported match '{(module is null ? "" : module + " ")}{text}'");
                    break;
                }
        }

        i = index;
    }

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

    private static string Neg(bool negate) => negate ? "! " : "";
}
