using Companion.Cluster;
using Companion.Core.Security;
using Companion.Lab;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary>
/// What every <c>#!k8s</c>, <c>#!trace</c> and <c>#!lab</c> handler shares: misspelled options and <c>--help</c> first, then ONE
/// library call with the cell's cancellation token, its value displayed, and expected failures turned into one redacted line.
/// </summary>
internal static class MagicSupport
{
    /// <summary>True when the handler has nothing more to do (an unknown option failed the cell, or help was shown).</summary>
    public static bool Preflight(CompanionCommand command, KernelActionDirective directive, KernelInvocationContext context)
    {
        if (OptionSpelling.FindUnknown(command, directive) is { } unknown)
        {
            context.Fail(command, message: unknown);
            return true;
        }

        if (command.Help)
        {
            context.DisplayAs(DirectiveHelp.Describe(directive), "text/plain");
        }

        return command.Help;
    }

    /// <summary>A root directive alone (or with an unknown subcommand): one line naming the subcommands, or the help.</summary>
    public static Task RootAsync(CompanionCommand command, KernelActionDirective root, KernelInvocationContext context)
    {
        var subcommands = string.Join(" | ", root.Subcommands.Select(s => s.Name));
        if (command.Help)
        {
            var help = new System.Text.StringBuilder().Append(root.Name).Append(' ').AppendLine(subcommands)
                .Append("  ").AppendLine(root.Description);
            foreach (var sub in root.Subcommands)
            {
                help.Append("  ").Append(sub.Name.PadRight(16)).Append(' ').AppendLine(sub.Description);
            }

            context.DisplayAs(help.ToString(), "text/plain");
            return Task.CompletedTask;
        }

        context.Fail(command, message: $"{root.Name} needs a subcommand: {subcommands} (try {root.Name} {root.Subcommands.FirstOrDefault()?.Name} --help)");
        return Task.CompletedTask;
    }

    public static async Task RunAsync<T>(KernelCommand command, KernelInvocationContext context, Func<CancellationToken, Task<T>> call)
        where T : class
    {
        string? error;
        try
        {
            context.Display(await call(context.CancellationToken).ConfigureAwait(false));
            return;
        }
        catch (MagicException e)
        {
            error = e.Message;
        }
        catch (ClusterAccessException e)
        {
            error = e.Message;
        }
        catch (LabException e)
        {
            error = e.Message.Replace("`companion lab ", "`#!lab ", StringComparison.Ordinal);
        }
        catch (OperationCanceledException)
        {
            error = "cancelled";
        }
        catch (IOException e)
        {
            error = e.Message;
        }
        catch (UnauthorizedAccessException e)
        {
            error = e.Message;
        }

        context.Fail(command, message: Redactor.Redact(error).ReplaceLineEndings(" ").Trim());
    }

    /// <summary>"ns/name" or "name" with the given or default namespace.</summary>
    public static (string Namespace, string Name) SplitName(string value, string? @namespace)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (value[..slash], value[(slash + 1)..]) : (@namespace ?? "default", value);
    }

    public static KernelDirectiveParameter HelpParameter() => new("--help", "Shows this help.") { Flag = true };
}
