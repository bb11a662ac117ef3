namespace Companion.Fuzz.Tests.Infra;

/// <summary>One distinct failure found by a fuzz run: where it was thrown, the (minimized) input and the corpus file.</summary>
internal sealed record Crash(string Target, string Signature, string Message, string StackSummary, string Input, string? File)
{
    /// <summary>"ExceptionType at Namespace.Type.Method" of the first frame in the project's code (the dedup key).</summary>
    public static string SignatureOf(Exception ex)
    {
        if (ex is PropertyViolation violation)
        {
            return "property: " + violation.Key;
        }

        var frame = Frames(ex).FirstOrDefault(f => f.StartsWith("Companion.", StringComparison.Ordinal) && !f.StartsWith("Companion.Fuzz.", StringComparison.Ordinal))
            ?? Frames(ex).FirstOrDefault() ?? "?";
        return $"{ex.GetType().Name} at {frame}";
    }

    /// <summary>The first few frames, one line.</summary>
    public static string StackOf(Exception ex) => string.Join(" < ", Frames(ex).Take(6));

    public override string ToString() => $"{Target}: {Signature}: {Message} [{StackSummary}] input: {File ?? "(not written)"}";

    private static IEnumerable<string> Frames(Exception ex) =>
        (ex.StackTrace ?? "").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("at ", StringComparison.Ordinal))
            .Select(l => l[3..].Split(" in ")[0].Split('(')[0].Trim());
}
