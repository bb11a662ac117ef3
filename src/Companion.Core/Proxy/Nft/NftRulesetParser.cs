using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Parses <c>nft list ruleset</c> output (and nft -f input: block form and "add rule/element/chain/set" commands).
/// Never throws on input: anything it cannot read or evaluate becomes a diagnostic with its line.
/// </summary>
public static class NftRulesetParser
{
    /// <summary>
    /// Parses the text. Rules are compiled for evaluation on first use, so a rule the tracer cannot evaluate is reported
    /// by the trace that reaches it; pass <paramref name="checkEveryRule"/> to report all of them here (slower on big rulesets).
    /// </summary>
    public static ParseResult<NftRuleset> Parse(string text, string? source = null, bool checkEveryRule = false)
    {
        text ??= string.Empty;
        var bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetByteCount(text));
        return Utf8.FromUtf16(text, bytes, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? ParseUtf8(bytes, 0, written, text, source, checkEveryRule)
            : ParseText(text, source, checkEveryRule); // a lone surrogate: only the text readers see it as the caller does
    }

    /// <summary>
    /// Parses UTF-8 nft text from <paramref name="stream"/> (read to its end, not disposed). Text shaped like
    /// <c>nft list ruleset</c> is filed in one pass over the bytes: rules, chains and set elements are decoded when the
    /// trace first reads them. Other nft text (<c>add …</c> commands) is decoded and read by the token reader.
    /// Decodes like a <see cref="StreamReader"/>: a UTF-8 byte-order mark is dropped, a UTF-16/32 one is honoured.
    /// </summary>
    public static ParseResult<NftRuleset> Parse(Stream stream, string? source = null, bool checkEveryRule = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var dump = DumpBytes.Read(stream, out var error); // the iptables byte path's reader: BOM dropped, UTF-16/32 transcoded, huge pages
        return dump is null
            ? new ParseResult<NftRuleset>(new NftRuleset([]), [Diagnostic.Fail(error!, source)])
            : ParseUtf8(dump.Array, dump.Start, dump.End, null, source, checkEveryRule);
    }

    /// <summary>
    /// Parses line by line from <paramref name="reader"/>. A <see cref="StreamReader"/> (UTF-8) over a seekable stream
    /// that nothing has read yet is read as bytes from its stream (<see cref="Parse(Stream, string?, bool)"/>); a
    /// StreamReader with another encoding is read as text, rewound for the token reader when the text is not a listing;
    /// any other reader is read to its end first.
    /// </summary>
    public static ParseResult<NftRuleset> Parse(TextReader reader, string? source = null, bool checkEveryRule = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader is StreamReader { BaseStream: { CanSeek: true, Position: 0 } stream } streamReader)
        {
            if (streamReader.CurrentEncoding is UTF8Encoding)
            {
                return Parse(stream, source, checkEveryRule);
            }

            var first = true;
            return Parse(
                () =>
                {
                    if (!first)
                    {
                        stream.Seek(0, SeekOrigin.Begin);
                        streamReader.DiscardBufferedData();
                    }

                    first = false;
                    return streamReader;
                },
                source,
                checkEveryRule,
                ownsReaders: false);
        }

        return Parse(reader.ReadToEnd(), source, checkEveryRule);
    }

    /// <summary>
    /// Parses from readers that <paramref name="open"/> returns from the start of the text (a second one only when the
    /// text is not shaped like a listing); each is disposed. A UTF-8 <see cref="StreamReader"/> over a file is read as bytes.
    /// </summary>
    internal static ParseResult<NftRuleset> Parse(Func<TextReader> open, string? source, bool checkEveryRule = false, bool ownsReaders = true)
    {
        if (ownsReaders)
        {
            using var reader = open();
            return reader is StreamReader { BaseStream: { CanSeek: true, Position: 0 } stream, CurrentEncoding: UTF8Encoding }
                ? Parse(stream, source, checkEveryRule)
                : Parse(reader.ReadToEnd(), source, checkEveryRule);
        }

        return ParseText(open, source, checkEveryRule, ownsReaders);
    }

    /// <summary>
    /// Parses the UTF-8 text in <paramref name="bytes"/> from <paramref name="start"/> (after any byte-order mark the
    /// caller dropped) to <paramref name="end"/>; the ruleset keeps the array and decodes rules from it on first use.
    /// </summary>
    internal static ParseResult<NftRuleset> Parse(byte[] bytes, int start, int end, string? source, bool checkEveryRule = false) =>
        ParseUtf8(bytes, start, end, null, source, checkEveryRule);

    /// <summary>UTF-8 text: the byte listing reader, or (not a listing, or not valid UTF-8) the text readers on its decoded text.</summary>
    private static ParseResult<NftRuleset> ParseUtf8(byte[] bytes, int start, int end, string? text, string? source, bool checkEveryRule)
    {
        if (Utf8.IsValid(bytes.AsSpan(start, end - start)))
        {
            var builder = new NftRulesetBuilder(source);
            if (new NftListingReader(bytes, start, end, builder).Read() is { } ruleset)
            {
                if (checkEveryRule)
                {
                    builder.CheckEveryRule(ruleset.Tables);
                }

                return new ParseResult<NftRuleset>(ruleset, builder.Diagnostics);
            }
        }

        return ParseText(text ?? Encoding.UTF8.GetString(bytes, start, end - start), source, checkEveryRule);
    }

    /// <summary>The text readers (listing lines, then tokens) on decoded text: what every parse did before the byte reader.</summary>
    internal static ParseResult<NftRuleset> ParseText(string text, string? source, bool checkEveryRule) =>
        ParseText(() => new StringReader(text), source, checkEveryRule, ownsReaders: true);

    private static ParseResult<NftRuleset> ParseText(Func<TextReader> open, string? source, bool checkEveryRule, bool ownsReaders)
    {
        var builder = new NftRulesetBuilder(source);
        try
        {
            var listed = false;
            var reader = open();
            try
            {
                listed = builder.TryReadListing(reader);
            }
            finally
            {
                if (ownsReaders)
                {
                    reader.Dispose();
                }
            }

            if (!listed)
            {
                reader = open();
                try
                {
                    builder.Read(new NftTokenStream(reader));
                }
                finally
                {
                    if (ownsReaders)
                    {
                        reader.Dispose();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            builder.Diagnostics.Add(Diagnostic.Fail($"could not read the ruleset: {ex.Message}", source));
        }

        var ruleset = builder.Build();
        if (checkEveryRule)
        {
            builder.CheckEveryRule(ruleset.Tables);
        }

        return new ParseResult<NftRuleset>(ruleset, builder.Diagnostics);
    }

    /// <summary>
    /// One element from its tokens: "10.96.0.10 . tcp . 80 comment "x" : goto chain" → key parts, value, comment.
    /// </summary>
    internal static NftSetElement ParseElement(IReadOnlyList<string> tokens, int line)
    {
        var key = new List<string>();
        string? comment = null;
        string? value = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token == ":")
            {
                value = string.Join(' ', tokens.Skip(i + 1));
                break;
            }

            if (token == "comment" && i + 1 < tokens.Count)
            {
                comment = NftTokenizer.Unquote(tokens[++i]);
            }
            else if (token is "timeout" or "expires" && i + 1 < tokens.Count)
            {
                i++;
            }
            else if (token == "counter")
            {
                while (i + 2 < tokens.Count && tokens[i + 1] is "packets" or "bytes")
                {
                    i += 2;
                }
            }
            else if (token != ".")
            {
                key.Add(token);
            }
        }

        return new NftSetElement(key, value, comment, line);
    }
}
