namespace Companion.Lab;

/// <summary>A lab operation that failed for a reason the user can act on; the message is one line.</summary>
public sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message) : base(message)
    {
    }

    public LabException(string message, Exception inner) : base(message, inner)
    {
    }
}
