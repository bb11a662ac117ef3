using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>Decodes the tokens after "-A CHAIN" into matches and a target. Unknown options become Unknown matches.</summary>
internal static partial class IptablesRuleParser
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

    private static string Neg(bool negate) => negate ? "! " : "";
}
