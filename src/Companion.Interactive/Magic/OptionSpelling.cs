using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary>
/// Rejects misspelled options. The tool's parser reports an unknown parameter (DNI103) only on top-level directives: on a
/// subcommand such as <c>#!dns probe</c> it drops it silently, so <c>--cout 3</c> would run with the default count.
/// This reads the cell's own directive line and names every option the subcommand does not declare.
/// </summary>
internal static class OptionSpelling
{
    public static string? FindUnknown(KernelCommand command, KernelActionDirective directive)
    {
        if (command.Parent is not SubmitCode submission || directive.Parent is not { } root)
        {
            return null;
        }

        var known = directive.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var line in submission.Code.Split('\n'))
        {
            var tokens = Tokens(line);
            if (tokens.Count < 2 || tokens[0].Text != root.Name || tokens[1].Text != directive.Name)
            {
                continue;
            }

            var unknown = tokens.Skip(2).Where(t => !t.Quoted && t.Text.StartsWith("--", StringComparison.Ordinal) && !known.Contains(t.Text))
                .Select(t => t.Text).ToArray();
            if (unknown.Length > 0)
            {
                return $"unknown option {string.Join(", ", unknown)} for {root.Name} {directive.Name}; "
                    + $"options: {string.Join(' ', known.Where(k => k.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}";
            }
        }

        return null;
    }

    internal static List<(string Text, bool Quoted)> Tokens(string line)
    {
        var tokens = new List<(string, bool)>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }

            if (line[i] == '"')
            {
                var end = line.IndexOf('"', i + 1);
                end = end < 0 ? line.Length : end;
                tokens.Add((line[(i + 1)..end], true));
                i = end + 1;
                continue;
            }

            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            tokens.Add((line[start..i], false));
        }

        return tokens;
    }
}
