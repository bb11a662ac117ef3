using Companion.Core.Diagnostics;

namespace Companion.Core.Kube;

/// <summary>
/// A Kubernetes label selector in its string form (<c>-l</c>): <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>,
/// <c>a in (x,y)</c>, <c>a notin (x)</c>, joined by commas. Applied the same way to live and recorded data.
/// </summary>
public sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Parses a selector; never throws. An empty or null text selects everything.</summary>
    public static ParseResult<LabelSelector> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(Everything, []);
        }

        var requirements = new List<LabelRequirement>();
        var diagnostics = new List<Diagnostic>();
        foreach (var part in SplitTopLevel(text))
        {
            var requirement = ParseOne(part.Trim());
            if (requirement is null)
            {
                diagnostics.Add(Diagnostic.Fail($"invalid label selector term '{part.Trim()}'", "selector"));
            }
            else
            {
                requirements.Add(requirement);
            }
        }

        return new(new LabelSelector(requirements), diagnostics);
    }

    /// <summary>True when every requirement holds for the labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return Requirements.All(r => r.Matches(labels));
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement? ParseOne(string term)
    {
        if (term.Length == 0)
        {
            return null;
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return ValidKey(key) ? new LabelRequirement(key, LabelOperator.DoesNotExist, []) : null;
        }

        foreach (var (op, kind) in new[] { ("!=", LabelOperator.NotEquals), ("==", LabelOperator.Equals), ("=", LabelOperator.Equals) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var value = term[(at + op.Length)..].Trim();
                return ValidKey(key) && !value.Contains('=', StringComparison.Ordinal) ? new LabelRequirement(key, kind, [value]) : null;
            }
        }

        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return ValidKey(words[0]) ? new LabelRequirement(words[0], LabelOperator.Exists, []) : null;
        }

        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? LabelOperator.NotIn
            : rest.StartsWith("in", StringComparison.Ordinal) ? LabelOperator.In : (LabelOperator?)null;
        if (setOp is not { } setKind || !ValidKey(words[0]))
        {
            return null;
        }

        var list = rest[(setKind == LabelOperator.NotIn ? 5 : 2)..].Trim();
        if (!list.StartsWith('(') || !list.EndsWith(')'))
        {
            return null;
        }

        var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries);
        return new LabelRequirement(words[0], setKind, values);
    }

    private static bool ValidKey(string key) =>
        key.Length is > 0 and <= 317 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');
}
