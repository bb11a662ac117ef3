using System.Text;

namespace Companion.Core.Proxy;

/// <summary>Splits nft text into tokens: words, quoted strings (kept with their quotes), and the punctuation { } , ;.</summary>
internal static class NftTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                Flush();
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    end = text.Length - 1;
                }

                tokens.Add(text.Substring(i, end - i + 1));
                i = end;
            }
            else if (c == '#' && current.Length == 0)
            {
                break; // comment to end of line ("# handle 4")
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c is '{' or '}' or ',' or ';')
            {
                Flush();
                tokens.Add(c.ToString());
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return tokens;
    }

    /// <summary>The text of a quoted token without its quotes.</summary>
    public static string Unquote(string token) =>
        token.Length >= 2 && token[0] == '"' && token[^1] == '"' ? token[1..^1] : token;
}
