namespace Companion.Core.Diagnostics;

/// <summary>The outcome of parsing untrusted text: a value (possibly partial) and what was wrong with the input.</summary>
public sealed record ParseResult<T>(T Value, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}
