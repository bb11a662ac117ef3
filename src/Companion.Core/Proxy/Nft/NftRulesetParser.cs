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
        return Parse(() => new StringReader(text), source, checkEveryRule);
    }

    /// <summary>
    /// Parses line by line from <paramref name="reader"/> without holding the whole text. Text shaped like
    /// <c>nft list ruleset</c> is read in one pass; other nft text is read a second time by the token reader, so a
    /// <see cref="StreamReader"/> over a seekable stream that nothing has read yet is rewound, and any other reader is
    /// read to its end first.
    /// </summary>
    public static ParseResult<NftRuleset> Parse(TextReader reader, string? source = null, bool checkEveryRule = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader is StreamReader { BaseStream: { CanSeek: true, Position: 0 } stream } streamReader)
        {
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

    /// <summary>Parses from readers that <paramref name="open"/> returns from the start of the text (a second one only when the text is not shaped like a listing); each is disposed.</summary>
    internal static ParseResult<NftRuleset> Parse(Func<TextReader> open, string? source, bool checkEveryRule = false, bool ownsReaders = true)
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

        if (checkEveryRule)
        {
            builder.CheckEveryRule();
        }

        return new ParseResult<NftRuleset>(builder.Build(), builder.Diagnostics);
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
