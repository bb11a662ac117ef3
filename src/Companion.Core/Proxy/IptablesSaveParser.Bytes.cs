using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>The byte path: the dump's UTF-8 bytes read once, lines found with a vectorized search, rules kept as offsets.</summary>
public static partial class IptablesSaveParser
{
    /// <summary>
    /// Parses a dump from <paramref name="stream"/> (a file, say), read once into one array of its UTF-8 bytes: rules
    /// stay (offset, length) into it and are decoded when first read. Same result as the text overloads. A dump larger
    /// than an array can hold (about 2 GB) gives an empty ruleset and an error diagnostic.
    /// </summary>
    public static ParseResult<IptablesRuleset> Parse(Stream stream, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var dump = DumpBytes.Read(stream, out var error);
        return dump is null
            ? new ParseResult<IptablesRuleset>(new IptablesRuleset(new Dictionary<string, IptablesTable>(StringComparer.Ordinal)), [Diagnostic.Fail(error!, source)])
            : Parse(dump, source);
    }

    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static ParseResult<IptablesRuleset> Parse(DumpBytes dump, string? source)
    {
        var state = new IptablesFiling(dump, source, dump.End - dump.Start);
        string? backend = null;
        var lines = new ByteLineReader(dump);
        var last = new LastChain();
        var all = dump.Array.AsSpan(0, dump.End);
        Span<char> name = stackalloc char[256];
        while (lines.TryReadLine(out var raw, out var start))
        {
            var lineNumber = lines.LineNumber;
            var line = Utf8Text.Trim(raw, out var leading);
            if (line.IsEmpty)
            {
                continue;
            }

            switch (line[0])
            {
                case (byte)'-':
                    if (state.InTable)
                    {
                        FileRule(state, all, line, start + leading, lineNumber, ref last, name);
                        continue;
                    }

                    break;
                case (byte)'#':
                    backend ??= line.IndexOf("(nf_tables)"u8) >= 0 ? "nf_tables" : line.IndexOf("(legacy)"u8) >= 0 ? "legacy" : null;
                    continue;
                case (byte)'*':
                    state.StartTable(dump.GetString(start + leading + 1, line.Length - 1).Trim());
                    last = default;
                    continue;
            }

            if (line.SequenceEqual("COMMIT"u8))
            {
                state.EndTable();
                last = default;
                continue;
            }

            if (!state.InTable)
            {
                state.Diagnostics.Add(Diagnostic.Warn($"line outside a *table section ignored: {Short(dump.GetString(start + leading, line.Length))}", source, lineNumber));
                continue;
            }

            if (line[0] == (byte)':')
            {
                var rest = line[1..];
                var space = rest.IndexOf((byte)' ');
                var policy = space < 0 ? default : Utf8Text.TrimStart(rest[(space + 1)..], out _);
                var policyEnd = policy.IndexOf((byte)' ');
                policy = policyEnd < 0 ? policy : policy[..policyEnd];
                var id = state.ChainId(Utf8Text.Decode(space < 0 ? rest : rest[..space], name));
                state.Declare(id, policy.IsEmpty || policy.SequenceEqual("-"u8) ? null
                    : policy.SequenceEqual("ACCEPT"u8) ? "ACCEPT" : policy.SequenceEqual("DROP"u8) ? "DROP" : System.Text.Encoding.UTF8.GetString(policy));
                continue;
            }

            FileRule(state, all, line, start + leading, lineNumber, ref last, name);
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
    private static void FileRule(IptablesFiling state, ReadOnlySpan<byte> all, ReadOnlySpan<byte> line, int lineStart, int lineNumber, ref LastChain last, Span<char> name)
    {
        var body = line;
        var bodyStart = lineStart;
        if (body[0] == (byte)'[')
        {
            var close = body.IndexOf((byte)']');
            if (close > 0)
            {
                body = Utf8Text.TrimStart(body[(close + 1)..], out var skipped);
                bodyStart += close + 1 + skipped;
            }
        }

        var verbEnd = body.IndexOf((byte)' ');
        if (verbEnd < 0)
        {
            NotUnderstood(state, line, lineNumber);
            return;
        }

        var verb = body[..verbEnd];
        var afterVerb = Utf8Text.TrimStart(body[(verbEnd + 1)..], out var gap);
        var chainEnd = afterVerb.IndexOf((byte)' ');
        var chainName = chainEnd < 0 ? afterVerb : afterVerb[..chainEnd];
        var append = verb.SequenceEqual("-A"u8);
        if (!append)
        {
            if (verb.SequenceEqual("-N"u8) || verb.SequenceEqual("--new-chain"u8))
            {
                state.Declare(state.ChainId(Utf8Text.Decode(chainName, name)), null);
                return;
            }

            if (verb.SequenceEqual("-F"u8) || verb.SequenceEqual("-X"u8) || verb.SequenceEqual("-Z"u8) || verb.SequenceEqual("--flush"u8) || verb.SequenceEqual("--delete-chain"u8))
            {
                return;
            }
        }

        var insert = !append && (verb.SequenceEqual("-I"u8) || verb.SequenceEqual("--insert"u8));
        if (!append && !insert && !verb.SequenceEqual("--append"u8))
        {
            NotUnderstood(state, line, lineNumber);
            return;
        }

        var position = 1;
        if (insert)
        {
            var rest = chainEnd < 0 ? default : Utf8Text.TrimStart(afterVerb[(chainEnd + 1)..], out _);
            var numberEnd = rest.IndexOf((byte)' ');
            position = int.TryParse(Utf8Text.Decode(numberEnd < 0 ? rest : rest[..numberEnd], name), out var p) ? p : 1;
        }

        // Dumps group rules by chain: compare with the previous rule's chain name (bytes) before hashing it.
        var nameStart = bodyStart + verbEnd + 1 + gap;
        int id;
        if (last.Length > 0 && chainName.SequenceEqual(all.Slice(last.Start, last.Length)))
        {
            id = last.Id;
        }
        else
        {
            id = state.ChainId(Utf8Text.Decode(chainName, name));
            last = new LastChain(nameStart, chainName.Length, id);
        }

        state.AddRule(id, lineStart, line.Length, lineNumber, insert, position);
    }

    private static void NotUnderstood(IptablesFiling state, ReadOnlySpan<byte> line, int lineNumber) =>
        state.Diagnostics.Add(Diagnostic.Warn($"line not understood: {Short(System.Text.Encoding.UTF8.GetString(line))}", state.Source, lineNumber));

    /// <summary>The chain of the previous rule line: where its name is in the dump, and its id.</summary>
    private readonly record struct LastChain(int Start, int Length, int Id);
}
