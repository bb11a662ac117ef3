namespace Companion.Core.Diagnostics;

/// <summary>How serious a parser or tracer finding is.</summary>
public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One finding about an input: an unknown line, an unsupported construct, a value out of range.
/// Parsers return these instead of throwing, so bad input never crashes a notebook cell.
/// </summary>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">One human-readable line.</param>
/// <param name="Source">The file or input name, when known.</param>
/// <param name="Line">The 1-based line number, when known.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Message, string? Source = null, int? Line = null)
{
    /// <summary>Always one line: control characters that a message echoes from its input (a name with a newline in a
    /// lab model, found by the fuzz tests) are written as escapes, so a diagnostic can never become two lines.</summary>
    public string Message { get; init; } = OneLine(Message);

    /// <summary>"file:line: message", the one-line form used in cells and on stderr.</summary>
    public override string ToString()
    {
        var where = (Source, Line) switch
        {
            (not null, not null) => $"{Source}:{Line}: ",
            (not null, null) => $"{Source}: ",
            (null, not null) => $"line {Line}: ",
            _ => "",
        };
        return $"{where}{Severity.ToString().ToLowerInvariant()}: {Message}";
    }

    private static string OneLine(string text)
    {
        if (text is null || !text.Any(IsBreaking))
        {
            return text!;
        }

        var b = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => b.Append("\\n"),
                '\r' => b.Append("\\r"),
                '\t' => b.Append("\\t"),
                _ when IsBreaking(c) => b.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => b.Append(c),
            };
        }

        return b.ToString();
    }

    private static bool IsBreaking(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    public static Diagnostic Warn(string message, string? source = null, int? line = null) =>
        new(DiagnosticSeverity.Warning, message, source, line);

    public static Diagnostic Fail(string message, string? source = null, int? line = null) =>
        new(DiagnosticSeverity.Error, message, source, line);
}
