namespace Companion.Interactive.Magic;

/// <summary>An expected failure of a magic (unknown service, bad value): its message is the cell's one-line error.</summary>
public sealed class MagicException : Exception
{
    public MagicException()
    {
    }

    public MagicException(string message)
        : base(message)
    {
    }

    public MagicException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
