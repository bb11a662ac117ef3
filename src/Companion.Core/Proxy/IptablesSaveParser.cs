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
public static partial class IptablesSaveParser
{
    /// <summary>Parses the text (a thin wrapper over the <see cref="TextReader"/> overload).</summary>
    public static ParseResult<IptablesRuleset> Parse(string text, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, source, text.Length);
    }

    /// <summary>
    /// Parses a dump line by line from <paramref name="reader"/> (a file stream, say) without holding the whole text:
    /// only the rule lines are kept, in small chunks, for the rules to be decoded on first use.
    /// </summary>
    public static ParseResult<IptablesRuleset> Parse(TextReader reader, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var hint = reader is StreamReader { BaseStream: { CanSeek: true } stream } ? stream.Length - stream.Position : 0;
        return Parse(reader, source, (int)Math.Clamp(hint, 0, int.MaxValue));
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ParseResult<IptablesRuleset> Parse(TextReader reader, string? source, int lengthHint)
    {
        var state = new IptablesFiling(new DumpTextStore(), source, lengthHint);
        string? backend = null;
        var lines = new DumpLineReader(reader);
        while (lines.TryReadLine(out var raw))
        {
            var lineNumber = lines.LineNumber;
            var line = raw.Trim();
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
                    state.StartTable(line[1..].Trim().ToString());
                    continue;
            }

            if (line.SequenceEqual("COMMIT"))
            {
                state.EndTable();
                continue;
            }

            if (!state.InTable)
            {
                state.Diagnostics.Add(Diagnostic.Warn($"line outside a *table section ignored: {Short(line)}", source, lineNumber));
                continue;
            }

            if (line[0] == ':')
            {
                var rest = line[1..];
                var space = rest.IndexOf(' ');
                var policy = space < 0 ? default : rest[(space + 1)..].TrimStart();
                var policyEnd = policy.IndexOf(' ');
                state.Declare(space < 0 ? rest : rest[..space], policyEnd < 0 ? policy : policy[..policyEnd]);
                continue;
            }

            FileRule(state, line, lineNumber);
        }

        if (state.InTable)
        {
            state.Diagnostics.Add(Diagnostic.Warn($"table {state.TableName} has no COMMIT line (truncated dump?)", source, lines.LineNumber));
        }

        var (tables, lazyTables) = state.Build();
        return new ParseResult<IptablesRuleset>(new IptablesRuleset(tables, backend), new IptablesLazyDiagnostics(state.Diagnostics, lazyTables));
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void FileRule(IptablesFiling state, ReadOnlySpan<char> line, int lineNumber)
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
            state.Diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(line)}", state.Source, lineNumber));
            return;
        }

        var verb = body[..verbEnd];
        var afterVerb = body[(verbEnd + 1)..].TrimStart();
        var chainEnd = afterVerb.IndexOf(' ');
        var chainName = chainEnd < 0 ? afterVerb : afterVerb[..chainEnd];
        if (verb is "-N" or "--new-chain")
        {
            state.Declare(chainName, "-");
            return;
        }

        if (verb is "-F" or "-X" or "-Z" or "--flush" or "--delete-chain")
        {
            return;
        }

        var insert = verb is "-I" or "--insert";
        if (!insert && verb is not ("-A" or "--append"))
        {
            state.Diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(line)}", state.Source, lineNumber));
            return;
        }

        var position = 1;
        if (insert)
        {
            var rest = chainEnd < 0 ? default : afterVerb[(chainEnd + 1)..].TrimStart();
            var numberEnd = rest.IndexOf(' ');
            position = int.TryParse(numberEnd < 0 ? rest : rest[..numberEnd], out var p) ? p : 1;
        }

        state.AddRule(chainName, line, lineNumber, insert, position);
    }

    internal static string Short(ReadOnlySpan<char> line) => line.Length > 80 ? line[..80].ToString() + "…" : line.ToString();
}
