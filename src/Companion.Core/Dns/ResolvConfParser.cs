using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Dns;

/// <summary>
/// Parses /etc/resolv.conf as glibc 2.36 reads it: nameserver (at most 3), search/domain (the last one wins),
/// options (ndots capped at 15, timeout at 30, attempts at 5). Never throws; anything odd becomes a diagnostic.
/// </summary>
public static class ResolvConfParser
{
    private static readonly HashSet<string> KnownUnmodelledOptions = new(StringComparer.Ordinal)
    {
        "debug", "inet6", "ip6-bytestring", "ip6-dotint", "no-ip6-dotint", "no-check-names", "no-tld-query",
        "no-reload", "no-aaaa", "insecure1", "insecure2",
    };

    public static ParseResult<ResolvConf> Parse(string text, string? source = null)
    {
        var diagnostics = new List<Diagnostic>();
        var nameservers = new List<string>();
        IReadOnlyList<string> search = [];
        var conf = new ResolvConf([], []);
        var lineNumber = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            var words = trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var keyword = words[0];
            var args = words.Skip(1).TakeWhile(w => w[0] is not ('#' or ';')).ToArray();
            switch (keyword)
            {
                case "nameserver":
                    AddNameserver(args, nameservers, diagnostics, source, lineNumber);
                    break;
                case "search":
                    search = SearchList(args, diagnostics, source, lineNumber);
                    break;
                case "domain":
                    search = SearchList(args.Take(1).ToArray(), diagnostics, source, lineNumber);
                    break;
                case "options":
                    foreach (var option in args)
                    {
                        conf = ApplyOption(conf, option, diagnostics, source, lineNumber);
                    }

                    break;
                case "sortlist":
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "sortlist is read by glibc but not modelled", source, lineNumber));
                    break;
                default:
                    diagnostics.Add(Diagnostic.Warn($"unknown line '{Shorten(trimmed)}' ignored (glibc ignores it too)", source, lineNumber));
                    break;
            }
        }

        if (nameservers.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "no nameserver line: glibc and musl use 127.0.0.1", source));
            nameservers.Add("127.0.0.1");
        }

        return new ParseResult<ResolvConf>(conf with { Nameservers = nameservers, Search = search }, diagnostics);
    }

    private static void AddNameserver(string[] args, List<string> nameservers, List<Diagnostic> diagnostics, string? source, int line)
    {
        if (args.Length == 0)
        {
            diagnostics.Add(Diagnostic.Warn("nameserver without an address ignored", source, line));
            return;
        }

        if (!DnsServerEndpoint.TryParse(args[0], out var endpoint, out var error))
        {
            diagnostics.Add(Diagnostic.Warn($"{error}; line ignored", source, line));
            return;
        }

        if (nameservers.Count >= ResolvConf.MaxNameservers)
        {
            diagnostics.Add(Diagnostic.Warn($"nameserver {endpoint} ignored: glibc uses at most {ResolvConf.MaxNameservers}", source, line));
            return;
        }

        nameservers.Add(endpoint!.ToString());
    }

    private static List<string> SearchList(string[] args, List<Diagnostic> diagnostics, string? source, int line)
    {
        var list = new List<string>();
        foreach (var domain in args)
        {
            if (domain.Length > 253)
            {
                diagnostics.Add(Diagnostic.Warn($"search domain longer than 253 characters dropped ('{Shorten(domain)}')", source, line));
                continue;
            }

            list.Add(domain);
        }

        return list;
    }

    private static ResolvConf ApplyOption(ResolvConf conf, string option, List<Diagnostic> diagnostics, string? source, int line)
    {
        var colon = option.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? option : option[..colon];
        var value = colon < 0 ? null : option[(colon + 1)..];
        switch (name)
        {
            case "ndots":
                return conf with { Ndots = Number(name, value, ResolvConf.MaxNdots, conf.Ndots, diagnostics, source, line) };
            case "timeout":
                return conf with { TimeoutSeconds = Number(name, value, ResolvConf.MaxTimeoutSeconds, conf.TimeoutSeconds, diagnostics, source, line) };
            case "attempts":
                return conf with { Attempts = Number(name, value, ResolvConf.MaxAttempts, conf.Attempts, diagnostics, source, line) };
            case "rotate": return conf with { Rotate = true };
            case "single-request": return conf with { SingleRequest = true };
            case "single-request-reopen": return conf with { SingleRequestReopen = true };
            case "use-vc": return conf with { UseVc = true };
            case "edns0": return conf with { Edns0 = true };
            case "trust-ad": return conf with { TrustAd = true };
            default:
                diagnostics.Add(KnownUnmodelledOptions.Contains(name)
                    ? new Diagnostic(DiagnosticSeverity.Info, $"option {name} is read by glibc but not modelled", source, line)
                    : Diagnostic.Warn($"unknown option '{Shorten(option)}' ignored", source, line));
                return conf;
        }
    }

    private static int Number(string name, string? value, int max, int current, List<Diagnostic> diagnostics, string? source, int line)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            diagnostics.Add(Diagnostic.Warn($"option {name} needs a number (got '{Shorten(value ?? "")}'); kept {current}", source, line));
            return current;
        }

        if (n > max)
        {
            diagnostics.Add(Diagnostic.Warn($"{name}:{n} capped at {max} as glibc does", source, line));
            return max;
        }

        if (name == "attempts" && n < 1)
        {
            diagnostics.Add(Diagnostic.Warn("attempts:0 treated as 1", source, line));
            return 1;
        }

        return n;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
