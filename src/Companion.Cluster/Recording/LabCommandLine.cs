using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Cluster.Recording;

/// <summary>
/// A lab command in canonical form, so that a notebook's <c>#!lab probe dns backend --count 20 --from shop/frontend-0</c> and a
/// recording's <c>companion lab probe dns backend --from shop/frontend-0 --count 20 --json</c> compare equal: the verb
/// ("probe dns"), its positional words, and its options sorted, with the CLI's defaults filled in and the options that do not
/// change what is measured (lab name, output format, pcap path, <c>--recorded</c>) dropped. A recording's capture traffic,
/// "-- getaddrinfo NAME", reads as the magic's <c>--lookup NAME</c>.
/// </summary>
public sealed record LabCommandLine(string Verb, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Options)
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "--name", "--lab", "--json", "--html", "--out", "--recorded", "--help" };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--json", "--html", "--all-traffic", "--help" };

    /// <summary>Options that only set how many samples (or how long): a recording with another sample size still answers the question.</summary>
    private static readonly HashSet<string> SampleSize = new(StringComparer.Ordinal) { "--count", "--samples", "--seconds", "--timeout-ms" };

    private static readonly Dictionary<string, Dictionary<string, string>> Defaults = new(StringComparer.Ordinal)
    {
        ["probe tcp"] = new(StringComparer.Ordinal) { ["--count"] = "1", ["--timeout-ms"] = "2000" },
        ["probe dns"] = new(StringComparer.Ordinal) { ["--count"] = "1" },
        ["capture"] = new(StringComparer.Ordinal) { ["--count"] = "100", ["--seconds"] = "10" },
        ["scale"] = new(StringComparer.Ordinal) { ["--services"] = "1000", ["--samples"] = "1000" },
        ["trace"] = new(StringComparer.Ordinal),
    };

    /// <summary>The verbs that measure (and so can be replayed from a recording).</summary>
    public static IReadOnlyCollection<string> MeasuringVerbs => Defaults.Keys;

    /// <summary>Whether this command measures (probe tcp|dns, capture, trace, scale).</summary>
    public bool Measures => Defaults.ContainsKey(Verb);

    /// <summary>
    /// Parses "companion lab VERB ..." or "#!lab VERB ..." (double quotes group words). Never throws: anything that is not a
    /// lab command is a diagnostic and a null value.
    /// </summary>
    public static ParseResult<LabCommandLine?> Parse(string? text)
    {
        var words = Split(text ?? "");
        var start = words.Count >= 2 && words[0] == "companion" && words[1] == "lab" ? 2 : words.Count >= 1 && words[0] == "#!lab" ? 1 : -1;
        if (start < 0 || start >= words.Count)
        {
            return new(null, [Diagnostic.Fail($"not a lab command: '{text}'")]);
        }

        var verb = words[start];
        var at = start + 1;
        if (verb is "probe" or "fault" && at < words.Count && !words[at].StartsWith("--", StringComparison.Ordinal))
        {
            verb += " " + words[at++];
        }

        var arguments = new List<string>();
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        for (; at < words.Count; at++)
        {
            var word = words[at];
            if (word == "--" && words.Count - at == 3 && words[at + 1] == "getaddrinfo")
            {
                // how a recording writes the traffic of a capture: "-- getaddrinfo NAME" is the magic's --lookup NAME
                options["--lookup"] = words[at + 2];
                break;
            }

            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                arguments.Add(word);
                continue;
            }

            var eq = word.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq > 0 ? (word[..eq], word[(eq + 1)..])
                : Flags.Contains(word) ? (word, "true")
                : at + 1 < words.Count ? (word, words[++at]) : (word, "");
            if (value.Length == 0)
            {
                diagnostics.Add(Diagnostic.Warn($"{key} has no value", text));
            }

            options[key] = value;
        }

        return new(new LabCommandLine(verb, arguments, options), diagnostics);
    }

    /// <summary>The canonical form: defaults filled in, non-measuring options dropped, numbers written plainly.</summary>
    public LabCommandLine Normalize()
    {
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Defaults.TryGetValue(Verb, out var defaults))
        {
            foreach (var (key, value) in defaults)
            {
                options[key] = value;
            }
        }

        foreach (var (key, value) in Options.Where(o => !Ignored.Contains(o.Key)))
        {
            options[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number.ToString(CultureInfo.InvariantCulture) : value;
        }

        return this with { Options = options };
    }

    /// <summary>The same request without its sample-size options (count, samples, seconds, timeout).</summary>
    public LabCommandLine WithoutSampleSize() =>
        this with { Options = new SortedDictionary<string, string>(Options.Where(o => !SampleSize.Contains(o.Key)).ToDictionary(), StringComparer.Ordinal) };

    /// <summary>Equal verb, arguments and options (compare normalized forms).</summary>
    public bool SameAs(LabCommandLine other) =>
        other is not null && Verb == other.Verb && Arguments.SequenceEqual(other.Arguments, StringComparer.Ordinal)
        && Options.Count == other.Options.Count && Options.All(o => other.Options.TryGetValue(o.Key, out var v) && v == o.Value);

    /// <summary>"companion lab VERB ARGS --opt value ...", words with spaces quoted.</summary>
    public string ToCli() => ToText("companion lab");

    /// <summary>"#!lab VERB ARGS --opt value ...".</summary>
    public string ToMagic() => ToText("#!lab");

    private string ToText(string prefix)
    {
        static string Quote(string w) => w.Length == 0 || w.Any(char.IsWhiteSpace) ? $"\"{w}\"" : w;
        var parts = new List<string> { prefix, Verb };
        parts.AddRange(Arguments.Select(Quote));
        foreach (var (key, value) in Options)
        {
            parts.Add(key);
            if (!(Flags.Contains(key) && value == "true"))
            {
                parts.Add(Quote(value));
            }
        }

        return string.Join(' ', parts);
    }

    private static List<string> Split(string line)
    {
        var words = new List<string>();
        for (var i = 0; i < line.Length;)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            else if (line[i] == '"')
            {
                var end = line.IndexOf('"', i + 1);
                end = end < 0 ? line.Length : end;
                words.Add(line[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                {
                    i++;
                }

                words.Add(line[start..i]);
            }
        }

        return words;
    }
}
