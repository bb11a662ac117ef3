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

    public static Diagnostic Warn(string message, string? source = null, int? line = null) =>
        new(DiagnosticSeverity.Warning, message, source, line);

    public static Diagnostic Fail(string message, string? source = null, int? line = null) =>
        new(DiagnosticSeverity.Error, message, source, line);
}
