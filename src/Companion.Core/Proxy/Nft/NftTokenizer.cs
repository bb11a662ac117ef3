namespace Companion.Core.Proxy;

/// <summary>Splits nft text into tokens: words, quoted strings (kept with their quotes), and the punctuation { } , ;.</summary>
internal static class NftTokenizer
{
    public static List<string> Tokenize(string text) => Tokenize(text.AsSpan());

    /// <summary>
    /// The tokens of one line. Words are cut straight out of the text (no builder per token) and the punctuation tokens
    /// are shared strings, so a 10,000-Service ruleset does not allocate a builder and a string per character run twice.
    /// </summary>
    public static List<string> Tokenize(ReadOnlySpan<char> text)
    {
        var tokens = new List<string>();
        var start = -1; // start of the word being read, or -1
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                Flush(text, ref start, i, tokens);
                var end = text[(i + 1)..].IndexOf('"');
                end = end < 0 ? text.Length - 1 : end + i + 1;
                tokens.Add(new string(text[i..(end + 1)]));
                i = end;
            }
            else if (c == '#' && start < 0)
            {
                break; // comment to end of line ("# handle 4")
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush(text, ref start, i, tokens);
            }
            else if (c is '{' or '}' or ',' or ';')
            {
                Flush(text, ref start, i, tokens);
                tokens.Add(c switch { '{' => "{", '}' => "}", ',' => ",", _ => ";" });
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        Flush(text, ref start, text.Length, tokens);
        return tokens;
    }

    private static void Flush(ReadOnlySpan<char> text, ref int start, int end, List<string> tokens)
    {
        if (start >= 0)
        {
            tokens.Add(new string(text[start..end]));
            start = -1;
        }
    }

    /// <summary>The text of a quoted token without its quotes.</summary>
    public static string Unquote(string token) =>
        token.Length >= 2 && token[0] == '"' && token[^1] == '"' ? token[1..^1] : token;
}
