using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;

namespace Companion.Core.Lab;

/// <summary>Reads the text of `xtables-monitor --trace` and `nft monitor trace`. Never throws; unknown lines are skipped.</summary>
public static partial class KernelTraceParser
{
    public const int MaxLines = 20_000;

    // " TRACE: 2 37815c95 nat:KUBE-SERVICES:rule:0x1e:JUMP:KUBE-SVC-X  -4 -t nat -A KUBE-SERVICES ..."
    [GeneratedRegex(@"^\s*TRACE:\s+\d+\s+(?<id>[0-9a-f]+)\s+(?<table>[^:\s]+):(?<chain>[^:\s]+):(?<kind>rule|policy|return)(?::0x[0-9a-f]+)?:?(?<verdict>\S*)\s*(?<rule>.*)$")]
    private static partial Regex XtablesLine();

    // "trace id ba40f235 ip kube-proxy services rule ip daddr ... (verdict goto service-...)"
    [GeneratedRegex(@"^trace id (?<id>\S+) (?<family>\S+) (?<table>\S+) (?<chain>\S+) (?:rule (?<rule>.*) \(verdict (?<verdict>[^)]*)\)|policy (?<policy>\S+)|verdict (?<v2>.+?))\s*$")]
    private static partial Regex NftLine();

    public static ParseResult<IReadOnlyList<KernelTraceHit>> ParseXtables(string? text) => Parse(text, xtables: true);

    public static ParseResult<IReadOnlyList<KernelTraceHit>> ParseNft(string? text) => Parse(text, xtables: false);

    private static ParseResult<IReadOnlyList<KernelTraceHit>> Parse(string? text, bool xtables)
    {
        var hits = new List<KernelTraceHit>();
        var d = new List<Diagnostic>();
        var lines = (text ?? "").Split('\n');
        if (lines.Length > MaxLines)
        {
            d.Add(Diagnostic.Warn($"only the first {MaxLines} trace lines are read"));
        }

        foreach (var raw in lines.Take(MaxLines))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 4096)
            {
                continue;
            }

            var m = xtables ? XtablesLine().Match(line) : NftLine().Match(line);
            if (!m.Success)
            {
                continue;
            }

            if (xtables)
            {
                var kind = m.Groups["kind"].Value;
                var verdict = m.Groups["verdict"].Value.Replace(':', ' ').Trim();
                var rule = m.Groups["rule"].Value.Trim();
                hits.Add(new KernelTraceHit(m.Groups["id"].Value, m.Groups["table"].Value, m.Groups["chain"].Value, kind,
                    rule.Length == 0 ? null : rule, verdict.Length == 0 ? kind : verdict));
            }
            else
            {
                var policy = m.Groups["policy"];
                var kind = policy.Success ? "policy" : m.Groups["rule"].Success ? "rule" : "return";
                var verdict = policy.Success ? policy.Value : m.Groups["verdict"].Success ? m.Groups["verdict"].Value : m.Groups["v2"].Value;
                hits.Add(new KernelTraceHit(m.Groups["id"].Value, m.Groups["table"].Value, m.Groups["chain"].Value, kind,
                    m.Groups["rule"].Success ? m.Groups["rule"].Value : null, verdict.Trim()));
            }
        }

        return new(hits, d);
    }

    /// <summary>The endpoint a DNAT hit sent the packet to ("ip:port"), from "--to-destination X" or "dnat to X".</summary>
    public static string? DnatTarget(IEnumerable<KernelTraceHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        foreach (var h in hits)
        {
            var m = DnatRegex().Match(h.Rule ?? "");
            if (m.Success)
            {
                return m.Groups[1].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?:--to-destination|dnat(?: ip)? to) (\d+\.\d+\.\d+\.\d+:\d+)")]
    private static partial Regex DnatRegex();
}
