using System.Text;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary>The text <c>--help</c> shows: the tool has no built-in help, so it is built from the directive's own descriptions.</summary>
public static class DirectiveHelp
{
    public static string Describe(KernelActionDirective directive)
    {
        ArgumentNullException.ThrowIfNull(directive);
        var name = directive.Parent is { } parent ? $"{parent.Name} {directive.Name}" : directive.Name;
        var text = new StringBuilder();
        text.Append(name).Append(" NAME [options]").AppendLine().Append("  ").AppendLine(directive.Description).AppendLine();
        foreach (var p in directive.Parameters)
        {
            var shown = p.AllowImplicitName ? $"[{p.Name}] NAME" : p.Flag ? p.Name : $"{p.Name} VALUE";
            text.Append("  ").Append(shown.PadRight(24)).Append(' ').AppendLine(p.Description);
        }

        return text.ToString();
    }
}
