using Companion.Core.Diagnostics;
using Companion.Core.Proxy;
using Companion.Fuzz.Tests.Infra;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>What every parser and tracer result must satisfy, whatever the input.</summary>
internal static class Properties
{
    /// <summary>The file name the targets pass as the source, so every diagnostic can name it.</summary>
    public const string Source = "fuzz-input";

    /// <summary>
    /// Every diagnostic is one line; when it names a source it is the input's; when it has a line number, that line exists.
    /// With <paramref name="sourceRequired"/>, every warning and error names the file.
    /// </summary>
    public static void Diagnostics(IReadOnlyList<Diagnostic> diagnostics, string input, bool sourceRequired = true, bool sourceIsFile = true, bool lineRequired = false)
    {
        var lines = input.Split('\n').Length;
        foreach (var d in diagnostics)
        {
            if (d.Message.Contains('\n', StringComparison.Ordinal))
            {
                throw new PropertyViolation($"multi-line diagnostic: {d.Message[..Math.Min(80, d.Message.Length)]}");
            }

            if (sourceIsFile && d.Source is not null && d.Source != Source)
            {
                throw new PropertyViolation($"diagnostic names another file '{d.Source}': {d}");
            }

            if (sourceRequired && d.Severity != DiagnosticSeverity.Info && d.Source is null)
            {
                throw new PropertyViolation($"diagnostic does not name the file: {d}");
            }

            if (lineRequired && d.Severity == DiagnosticSeverity.Error && d.Line is null)
            {
                throw new PropertyViolation($"error without a line number: {d}", "error without a line number");
            }

            if (d.Line is { } line && (line < 1 || line > lines + 1))
            {
                throw new PropertyViolation($"diagnostic line {line} outside 1..{lines}: {d}");
            }
        }
    }

    /// <summary>A trace always has a verdict, a method and one-line diagnostics; probabilities are in [0, 1].</summary>
    public static void Trace(ServiceTrace trace, string input)
    {
        if (trace is null || string.IsNullOrEmpty(trace.Method))
        {
            throw new PropertyViolation("no trace or no method");
        }

        // a tracer's diagnostics may name the chain or rule they are about instead of the file
        Diagnostics(trace.Diagnostics, input, sourceRequired: false, sourceIsFile: false);
        foreach (var target in trace.Targets)
        {
            if (double.IsNaN(target.Probability) || target.Probability < -1e-9 || target.Probability > 1 + 1e-9)
            {
                throw new PropertyViolation($"endpoint {target.Endpoint} has probability {target.Probability}");
            }
        }
    }
}
