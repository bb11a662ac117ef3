using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Parses iptables-save output (nf_tables or legacy header, with or without -c counters) and iptables-restore input.
/// Never throws on input: anything it cannot read becomes a diagnostic with its line number.
/// </summary>
public static class IptablesSaveParser
{
    private static readonly HashSet<string> BuiltInTargets =
        ["ACCEPT", "DROP", "REJECT", "RETURN", "DNAT", "SNAT", "MASQUERADE", "MARK", "LOG", "TRACE", "CONNMARK", "NOTRACK", "CT", "NFLOG", "CHECKSUM", "TCPMSS"];

    public static ParseResult<IptablesRuleset> Parse(string text, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<Diagnostic>();
        var tables = new Dictionary<string, Dictionary<string, (string? Policy, List<IptablesRule> Rules)>>(StringComparer.Ordinal);
        Dictionary<string, (string? Policy, List<IptablesRule> Rules)>? current = null;
        string? tableName = null;
        string? backend = null;
        var lineNumber = 0;

        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == '#')
            {
                if (line.Contains("(nf_tables)", StringComparison.Ordinal))
                {
                    backend = "nf_tables";
                }
                else if (line.Contains("(legacy)", StringComparison.Ordinal))
                {
                    backend = "legacy";
                }

                continue;
            }

            if (line[0] == '*')
            {
                tableName = line[1..].Trim().ToString();
                if (!tables.TryGetValue(tableName, out current))
                {
                    current = new Dictionary<string, (string?, List<IptablesRule>)>(StringComparer.Ordinal);
                    tables[tableName] = current;
                }

                continue;
            }

            if (line.SequenceEqual("COMMIT"))
            {
                current = null;
                tableName = null;
                continue;
            }

            if (current is null || tableName is null)
            {
                diagnostics.Add(Diagnostic.Warn($"line outside a *table section ignored: {Short(line)}", source, lineNumber));
                continue;
            }

            if (line[0] == ':')
            {
                var parts = line[1..].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var policy = parts.Length > 1 && parts[1] != "-" ? parts[1] : null;
                current[parts[0]] = (policy, current.TryGetValue(parts[0], out var existing) ? existing.Rules : []);
                continue;
            }

            ParseRuleLine(line.ToString(), lineNumber, tableName, current, diagnostics, source);
        }

        if (tableName is not null)
        {
            diagnostics.Add(Diagnostic.Warn($"table {tableName} has no COMMIT line (truncated dump?)", source, lineNumber));
        }

        var result = new Dictionary<string, IptablesTable>(StringComparer.Ordinal);
        foreach (var (name, chains) in tables)
        {
            var built = new Dictionary<string, IptablesChain>(StringComparer.Ordinal);
            foreach (var (chainName, (policy, rules)) in chains)
            {
                for (var k = 0; k < rules.Count; k++)
                {
                    var t = rules[k].Target;
                    if (t.Kind == IptablesTargetKind.Chain && !chains.ContainsKey(t.Name))
                    {
                        var known = BuiltInTargets.Contains(t.Name);
                        diagnostics.Add(Diagnostic.Warn(
                            known ? $"target {t.Name} is not evaluated; the walk continues past it" : $"jump to chain {t.Name}, which is not declared in table {name}",
                            source,
                            rules[k].LineNumber));
                        rules[k] = rules[k] with { Target = t with { Kind = IptablesTargetKind.Other } };
                    }
                }

                built[chainName] = new IptablesChain(chainName, policy, rules);
            }

            result[name] = new IptablesTable(name, built);
        }

        return new ParseResult<IptablesRuleset>(new IptablesRuleset(result, backend), diagnostics);
    }

    private static void ParseRuleLine(
        string line,
        int lineNumber,
        string tableName,
        Dictionary<string, (string? Policy, List<IptablesRule> Rules)> chains,
        List<Diagnostic> diagnostics,
        string? source)
    {
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
            diagnostics.Add(Diagnostic.Warn("unterminated quote", source, lineNumber));
        }

        if (tokens.Count < 2)
        {
            diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(line)}", source, lineNumber));
            return;
        }

        var verb = tokens[0];
        if (verb is "-N" or "--new-chain")
        {
            chains.TryAdd(tokens[1], (null, []));
            return;
        }

        if (verb is "-F" or "-X" or "-Z" or "--flush" or "--delete-chain")
        {
            return;
        }

        if (verb is not ("-A" or "--append" or "-I" or "--insert"))
        {
            diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(line)}", source, lineNumber));
            return;
        }

        var chainName = tokens[1];
        var start = 2;
        var insertAt = -1;
        if (verb is "-I" or "--insert")
        {
            insertAt = 0;
            if (tokens.Count > 2 && int.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pos))
            {
                insertAt = pos - 1;
                start = 3;
            }
        }

        var (matches, target, problems) = IptablesRuleParser.Parse(tokens, start);
        if (tokens.IndexOf("-c", start) is var c && c >= 0 && c + 2 < tokens.Count
            && long.TryParse(tokens[c + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var cp)
            && long.TryParse(tokens[c + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var cb))
        {
            (packets, bytes) = (cp, cb);
        }

        foreach (var problem in problems)
        {
            diagnostics.Add(Diagnostic.Warn(problem, source, lineNumber));
        }

        if (!chains.TryGetValue(chainName, out var chain))
        {
            diagnostics.Add(Diagnostic.Warn($"rule for undeclared chain {chainName} in table {tableName}", source, lineNumber));
            chain = (null, []);
            chains[chainName] = chain;
        }

        var rule = new IptablesRule(tableName, chainName, lineNumber, ruleText, matches, target, packets, bytes);
        if (insertAt >= 0)
        {
            chain.Rules.Insert(Math.Min(insertAt, chain.Rules.Count), rule);
        }
        else
        {
            chain.Rules.Add(rule);
        }
    }

    private static string Short(ReadOnlySpan<char> line) => line.Length > 80 ? line[..80].ToString() + "…" : line.ToString();
}
