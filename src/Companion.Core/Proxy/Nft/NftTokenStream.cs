namespace Companion.Core.Proxy;

/// <summary>A token with the 1-based line it came from. "\n" tokens mark line ends.</summary>
internal readonly record struct NftToken(string Text, int Line)
{
    public bool IsEnd => Text is "\n" or ";";
}

/// <summary>Reads statements (token runs up to a newline or ';' outside braces) from nft text.</summary>
internal sealed class NftTokenStream
{
    private readonly List<NftToken> _tokens = [];
    private int _position;

    public NftTokenStream(string text)
        : this(new StringReader(text))
    {
    }

    public NftTokenStream(TextReader reader)
    {
        var lines = new DumpLineReader(reader);
        while (lines.TryReadLine(out var raw))
        {
            var line = lines.LineNumber;
            foreach (var token in NftTokenizer.Tokenize(raw))
            {
                _tokens.Add(new NftToken(token, line));
            }

            _tokens.Add(new NftToken("\n", line));
        }
    }

    public bool AtEnd => _position >= _tokens.Count;

    /// <summary>
    /// The next statement: tokens up to a newline or ';' at brace depth 0. A statement that opens a block
    /// ("chain x {") ends right after its "{" so the caller can read the block's body.
    /// Returns an empty list at a blank line.
    /// </summary>
    public List<NftToken> NextStatement()
    {
        var result = new List<NftToken>();
        var depth = 0;
        while (_position < _tokens.Count)
        {
            var token = _tokens[_position++];
            if (token.IsEnd && depth == 0)
            {
                if (result.Count == 0)
                {
                    continue;
                }

                return result;
            }

            if (token.Text == "\n")
            {
                continue;
            }

            if (token.Text == "}" && depth == 0)
            {
                if (result.Count == 0)
                {
                    result.Add(token);
                    return result;
                }

                _position--;
                return result;
            }

            result.Add(token);
            if (token.Text == "{")
            {
                if (IsBlockOpener(result))
                {
                    return result;
                }

                depth++;
            }
            else if (token.Text == "}")
            {
                depth--;
            }
        }

        return result;
    }

    private static bool IsBlockOpener(List<NftToken> statement)
    {
        if (statement.Take(statement.Count - 1).Any(t => t.Text == "{"))
        {
            return false;
        }

        return statement[0].Text switch
        {
            "table" or "chain" or "set" or "map" or "flowtable" => statement.Count >= 3,
            "counter" or "quota" or "limit" or "secmark" or "synproxy" => statement.Count == 3,
            "ct" => statement.Count == 4 && statement[1].Text is "helper" or "timeout" or "expectation",
            _ => false,
        };
    }
}
