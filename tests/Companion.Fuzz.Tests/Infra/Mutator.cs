using System.Text;
using System.Text.RegularExpressions;

namespace Companion.Fuzz.Tests.Infra;

/// <summary>
/// Mutates real inputs the way broken files look: byte flips, line splicing, duplication and truncation, token swaps,
/// huge numbers, unicode, NULs, CRLF and very long lines. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal static partial class Mutator
{
    private static readonly string[] Numbers =
    [
        "0", "-1", "65535", "65536", "2147483647", "2147483648", "-2147483649", "4294967296", "99999999999999999999999",
        "1e309", "NaN", "0x7fffffff", "1.5", "-0", "007", "256.256.256.256", "10.0.0.0/33", "/0", ":::", "1:2",
    ];

    private static readonly string[] Oddities =
    [
        "\0", "\r\n", "\r", "\t", "\u00a0", "\u200b", "\ufeff", "\ud83d\ude00", "\ufffd", "é", "\u202e", "\\", "\"", "'", "{", "}",
        "[", "]", "(", ")", ":", ";", ",", ".", "/", "-", "--", "#", "=", "!", "*", "%", "\n\n\n", "<script>", "${x}",
    ];

    public static string Mutate(string seed, IReadOnlyList<string> others, IReadOnlyList<string> dictionary, Random rng, int count)
    {
        var text = new StringBuilder(seed);
        for (var i = 0; i < count; i++)
        {
            Apply(text, others, dictionary, rng);
            if (text.Length > FuzzBudget.MaxInputChars)
            {
                text.Length = FuzzBudget.MaxInputChars;
            }
        }

        return Decodable(text.ToString());
    }

    /// <summary>
    /// Replaces unpaired surrogates with U+FFFD, as decoding any file does: a real input can never hold them (and they
    /// could not be written to the corpus as UTF-8).
    /// </summary>
    public static string Decodable(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\ufffd';
            }
        }

        return new string(chars);
    }

    /// <summary>A text made only of dictionary tokens, numbers and oddities, in lines.</summary>
    public static string Generate(IReadOnlyList<string> dictionary, Random rng)
    {
        var text = new StringBuilder();
        var lines = rng.Next(1, 30);
        for (var l = 0; l < lines; l++)
        {
            var words = rng.Next(0, 12);
            for (var w = 0; w < words; w++)
            {
                text.Append(Token(dictionary, rng)).Append(rng.Next(8) == 0 ? "" : " ");
            }

            text.Append('\n');
        }

        return Decodable(text.ToString());
    }

    private static void Apply(StringBuilder text, IReadOnlyList<string> others, IReadOnlyList<string> dictionary, Random rng)
    {
        var at = text.Length == 0 ? 0 : rng.Next(text.Length + 1);
        switch (rng.Next(13))
        {
            case 0: // flip a character
                if (text.Length > 0)
                {
                    var i = Math.Min(at, text.Length - 1);
                    text[i] = rng.Next(3) == 0 ? (char)rng.Next(0, 0x3000) : (char)(text[i] ^ (1 << rng.Next(7)));
                }

                break;
            case 1:
                text.Insert(at, Token(dictionary, rng));
                break;
            case 2: // delete a range
                if (text.Length > 0)
                {
                    var i = Math.Min(at, text.Length - 1);
                    text.Remove(i, Math.Min(text.Length - i, rng.Next(1, 64)));
                }

                break;
            case 3:
                EditLines(text, rng, lines => lines.Insert(rng.Next(lines.Count), lines[rng.Next(lines.Count)]));
                break;
            case 4:
                EditLines(text, rng, lines => lines.RemoveAt(rng.Next(lines.Count)));
                break;
            case 5:
                EditLines(text, rng, lines =>
                {
                    var (a, b) = (rng.Next(lines.Count), rng.Next(lines.Count));
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                });
                break;
            case 6: // splice a line from another input
                if (others.Count > 0)
                {
                    var other = others[rng.Next(others.Count)].Split('\n');
                    var line = other[rng.Next(other.Length)];
                    EditLines(text, rng, lines => lines.Insert(rng.Next(lines.Count + 1), line));
                }

                break;
            case 7:
                text.Length = Math.Min(at, text.Length);
                break;
            case 8:
                ReplaceMatch(text, NumberRegex(), Numbers[rng.Next(Numbers.Length)], rng);
                break;
            case 9: // swap two tokens of one line
                EditLines(text, rng, lines =>
                {
                    var i = rng.Next(lines.Count);
                    var words = lines[i].Split(' ');
                    if (words.Length > 1)
                    {
                        var (a, b) = (rng.Next(words.Length), rng.Next(words.Length));
                        (words[a], words[b]) = (words[b], words[a]);
                        lines[i] = string.Join(' ', words);
                    }
                });
                break;
            case 10:
                text.Insert(at, Oddities[rng.Next(Oddities.Length)]);
                break;
            case 11: // a very long line or token
                text.Insert(at, new string(rng.Next(2) == 0 ? 'a' : '9', rng.Next(200, 20_000)));
                break;
            default:
                ReplaceMatch(text, WordRegex(), Token(dictionary, rng), rng);
                break;
        }
    }

    private static string Token(IReadOnlyList<string> dictionary, Random rng) => rng.Next(10) switch
    {
        < 6 when dictionary.Count > 0 => dictionary[rng.Next(dictionary.Count)],
        < 8 => Numbers[rng.Next(Numbers.Length)],
        _ => Oddities[rng.Next(Oddities.Length)],
    };

    private static void EditLines(StringBuilder text, Random rng, Action<List<string>> edit)
    {
        var lines = text.ToString().Split('\n').ToList();
        if (lines.Count == 0 || lines.Count > 5000 && rng.Next(4) != 0)
        {
            return;
        }

        edit(lines);
        text.Clear().AppendJoin('\n', lines);
    }

    private static void ReplaceMatch(StringBuilder text, Regex regex, string replacement, Random rng)
    {
        var s = text.ToString();
        var start = rng.Next(s.Length + 1);
        var m = regex.Match(s, start);
        if (!m.Success)
        {
            m = regex.Match(s);
        }

        if (m.Success)
        {
            text.Remove(m.Index, m.Length).Insert(m.Index, replacement);
        }
    }

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_-]*")]
    private static partial Regex WordRegex();
}
