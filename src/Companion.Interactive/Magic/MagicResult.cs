namespace Companion.Interactive.Magic;

/// <summary>What a magic's one library call gave: a value to display, or a one-line error for <c>context.Fail</c>.</summary>
public sealed record MagicResult<T>(T? Value, string? Error)
    where T : class
{
    public static MagicResult<T> Ok(T value) => new(value, null);

    public static MagicResult<T> Failed(string error) => new(null, error);
}
