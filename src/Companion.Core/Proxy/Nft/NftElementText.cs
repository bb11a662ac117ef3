namespace Companion.Core.Proxy;

/// <summary>
/// The elements on one line of an <c>elements = { a, b,\n c }</c> block, as the listing readers see them: plain elements
/// (<c>10.96.0.1 . tcp . 80 : goto …</c>) read from their span with shared short words, anything else through the tokens.
/// </summary>
internal static class NftElementText
{
    /// <summary>Adds the elements on one line to <paramref name="into"/>; returns true while the block goes on.</summary>
    public static bool AddLine(List<NftSetElement> into, ReadOnlySpan<char> line, int number, Dictionary<string, string> words)
    {
        var open = true;
        var trimmed = line.Trim();
        if (trimmed.EndsWith("}"))
        {
            open = false;
            trimmed = trimmed[..^1];
        }

        var start = 0;
        var quoted = false;
        for (var i = 0; i <= trimmed.Length; i++)
        {
            if (i < trimmed.Length && trimmed[i] == '"')
            {
                quoted = !quoted;
            }

            if (i == trimmed.Length || (trimmed[i] == ',' && !quoted))
            {
                var piece = trimmed[start..i].Trim();
                if (!piece.IsEmpty)
                {
                    into.Add(PlainElement(piece, number, words) ?? NftRulesetParser.ParseElement(NftTokenizer.Tokenize(piece), number));
                }

                start = i + 1;
            }
        }

        return open;
    }

    /// <summary>
    /// A plain element ("10.96.0.10 . tcp . 80 : goto service-…", one space between words, no quotes, comments or
    /// options) read from its span, its short words shared; null for anything else (the token path reads it).
    /// </summary>
    private static NftSetElement? PlainElement(ReadOnlySpan<char> piece, int line, Dictionary<string, string> words)
    {
        if (piece.IndexOfAny("\"{};#\t") >= 0 || piece.Contains("  ", StringComparison.Ordinal))
        {
            return null;
        }

        var colon = piece.IndexOf(" : ", StringComparison.Ordinal);
        var keyText = colon < 0 ? piece : piece[..colon];
        var key = new string[keyText.Count(" . ") + 1];
        var at = 0;
        foreach (var range in keyText.Split(" . "))
        {
            var part = keyText[range];
            if (part.IsEmpty || part.Contains(' ') || at == key.Length)
            {
                return null; // a word other than a key part (timeout, expires, counter…): the token path reads it
            }

            key[at++] = Intern(part, words);
        }

        return at != key.Length ? null : new NftSetElement(key, colon < 0 ? null : Intern(piece[(colon + 3)..], words), null, line);
    }

    /// <summary>Short words (protocols, ports, verdicts) as one shared string each; longer ones as new strings.</summary>
    private static string Intern(ReadOnlySpan<char> word, Dictionary<string, string> words)
    {
        if (word.Length > 6)
        {
            return word.ToString();
        }

        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(word, out var shared))
        {
            shared = word.ToString();
            words[shared] = shared;
        }

        return shared;
    }
}
