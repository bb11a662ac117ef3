using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Parses iptables-save output (nf_tables or legacy header, with or without -c counters) and iptables-restore input.
/// Never throws on input: anything it cannot read becomes a diagnostic with its line number.
/// </summary>
/// <remarks>
/// Two stages, so a 10,000-Service dump is interactive: one pass files every "-A" line under its table and chain
/// (offsets only), and each rule is decoded the first time something reads it. The tracer reads only the chains a packet
/// enters. Reading <see cref="ParseResult{T}.Diagnostics"/> decodes every rule, so it always lists every problem.
/// </remarks>
public static class IptablesSaveParser
{
    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ParseResult<IptablesRuleset> Parse(string text, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var structural = new List<Diagnostic>();
        var tables = new Dictionary<string, Dictionary<string, IptablesChainBuilder>>(StringComparer.Ordinal);
        Dictionary<string, IptablesChainBuilder>? current = null;
        Dictionary<string, IptablesChainBuilder>.AlternateLookup<ReadOnlySpan<char>> lookup = default;
        string? tableName = null;
        string? backend = null;
        var lineNumber = 0;
        var position = 0;
        (string? Name, IptablesChainBuilder? Builder) last = (null, null);
        while (position < text.Length)
        {
            var newline = text.IndexOf('\n', position);
            var end = newline < 0 ? text.Length : newline;
            var start = position;
            position = end + 1;
            lineNumber++;
            var line = text.AsSpan(start, end - start).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            switch (line[0])
            {
                case '#':
                    backend ??= line.Contains("(nf_tables)", StringComparison.Ordinal) ? "nf_tables"
                        : line.Contains("(legacy)", StringComparison.Ordinal) ? "legacy" : null;
                    continue;
                case '*':
                    tableName = line[1..].Trim().ToString();
                    if (!tables.TryGetValue(tableName, out current))
                    {
                        current = new Dictionary<string, IptablesChainBuilder>(StringComparer.Ordinal);
                        tables[tableName] = current;
                    }

                    lookup = current.GetAlternateLookup<ReadOnlySpan<char>>();
                    last = (null, null);
                    continue;
            }

            if (line.SequenceEqual("COMMIT"))
            {
                (current, tableName) = (null, null);
                continue;
            }

            if (current is null || tableName is null)
            {
                structural.Add(Diagnostic.Warn($"line outside a *table section ignored: {Short(line)}", source, lineNumber));
                continue;
            }

            if (line[0] == ':')
            {
                var rest = line[1..];
                var space = rest.IndexOf(' ');
                var name = (space < 0 ? rest : rest[..space]).ToString();
                var policyText = space < 0 ? "" : rest[(space + 1)..].Trim().ToString().Split(' ')[0];
                var builder = current.TryGetValue(name, out var existing) ? existing : new IptablesChainBuilder();
                builder.Policy = policyText is "" or "-" ? null : policyText;
                builder.Declared = true;
                current[name] = builder;
                continue;
            }

            var raw = text.AsSpan(start, end - start);
            var ruleStart = start + (raw.Length - raw.TrimStart().Length);
            FileRule(line, ruleStart, lineNumber, current, lookup, structural, source, ref last);
        }

        if (tableName is not null)
        {
            structural.Add(Diagnostic.Warn($"table {tableName} has no COMMIT line (truncated dump?)", source, lineNumber));
        }

        var lists = new List<IptablesLazyRules>();
        var result = new Dictionary<string, IptablesTable>(StringComparer.Ordinal);
        foreach (var (name, chains) in tables)
        {
            var declared = chains.Keys.ToHashSet(StringComparer.Ordinal);
            var built = new Dictionary<string, IptablesChain>(StringComparer.Ordinal);
            foreach (var (chainName, b) in chains)
            {
                if (!b.Declared)
                {
                    structural.Add(Diagnostic.Warn($"rule for undeclared chain {chainName} in table {name}", source, b.Slots.Count > 0 ? b.Slots[0].LineNumber : null));
                }

                var rules = new IptablesLazyRules(text, source, name, chainName, [.. b.Slots], declared);
                lists.Add(rules);
                built[chainName] = new IptablesChain(chainName, b.Policy, rules);
            }

            result[name] = new IptablesTable(name, built);
        }

        return new ParseResult<IptablesRuleset>(new IptablesRuleset(result, backend), new IptablesLazyDiagnostics(structural, lists));
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void FileRule(
        ReadOnlySpan<char> line,
        int ruleStart,
        int lineNumber,
        Dictionary<string, IptablesChainBuilder> chains,
        Dictionary<string, IptablesChainBuilder>.AlternateLookup<ReadOnlySpan<char>> lookup,
        List<Diagnostic> diagnostics,
        string? source,
        ref (string? Name, IptablesChainBuilder? Builder) last)
    {
        var body = line;
        if (body[0] == '[')
        {
            var close = body.IndexOf(']');
            body = close > 0 ? body[(close + 1)..].TrimStart() : body;
        }

        var verbEnd = body.IndexOf(' ');
        if (verbEnd < 0)
        {
            diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(line)}", source, lineNumber));
            return;
        }

        var verb = body[..verbEnd];
        var afterVerb = body[(verbEnd + 1)..].TrimStart();
        var chainEnd = afterVerb.IndexOf(' ');
        var chainName = chainEnd < 0 ? afterVerb : afterVerb[..chainEnd];
        if (verb is "-N" or "--new-chain")
        {
            var name = chainName.ToString();
            if (!chains.ContainsKey(name))
            {
                chains[name] = new IptablesChainBuilder { Declared = true };
            }

            return;
        }

        if (verb is "-F" or "-X" or "-Z" or "--flush" or "--delete-chain")
        {
            return;
        }

        var insert = verb is "-I" or "--insert";
        if (!insert && verb is not ("-A" or "--append"))
        {
            diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(line)}", source, lineNumber));
            return;
        }

        // Dumps group rules by chain: reuse the previous line's chain instead of hashing the name again.
        IptablesChainBuilder chain;
        if (last.Builder is not null && chainName.SequenceEqual(last.Name))
        {
            chain = last.Builder;
        }
        else
        {
            var name = chainName.ToString();
            if (!lookup.TryGetValue(chainName, out var found))
            {
                found = new IptablesChainBuilder();
                chains[name] = found;
            }

            chain = found;
            last = (name, found);
        }

        var slot = new IptablesRuleSlot(ruleStart, line.Length, lineNumber, insert);
        if (insert)
        {
            var rest = chainEnd < 0 ? default : afterVerb[(chainEnd + 1)..].TrimStart();
            var numberEnd = rest.IndexOf(' ');
            var position = int.TryParse(numberEnd < 0 ? rest : rest[..numberEnd], out var p) ? p - 1 : 0;
            chain.Slots.Insert(Math.Clamp(position, 0, chain.Slots.Count), slot);
        }
        else
        {
            chain.Slots.Add(slot);
        }
    }

    internal static string Short(ReadOnlySpan<char> line) => line.Length > 80 ? line[..80].ToString() + "…" : line.ToString();
}
