using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary>
/// The positional words of a subcommand's line (<c>#!k8s describe service web</c> → service, web). The tool binds at most
/// one implicit argument and silently drops both when there are two, so two-word forms are read from the cell's own line.
/// </summary>
internal static class DirectiveLine
{
    public static IReadOnlyList<string> Positionals(KernelCommand command, KernelActionDirective directive)
    {
        if (command.Parent is not SubmitCode submission || directive.Parent is not { } root)
        {
            return [];
        }

        var flags = directive.Parameters.Where(p => p.Flag).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var line in submission.Code.Split('\n'))
        {
            var tokens = OptionSpelling.Tokens(line);
            if (tokens.Count < 2 || tokens[0].Text != root.Name || tokens[1].Text != directive.Name)
            {
                continue;
            }

            var words = new List<string>();
            for (var i = 2; i < tokens.Count; i++)
            {
                if (!tokens[i].Quoted && tokens[i].Text.StartsWith('-'))
                {
                    i += flags.Contains(tokens[i].Text) ? 0 : 1;
                    continue;
                }

                words.Add(tokens[i].Text);
            }

            return words;
        }

        return [];
    }
}
