namespace Companion.Interactive.Magic;

/// <summary><c>#!lab trace HOST:PORT --from NS/POD [--lab NAME] [--recorded NAME]</c>.</summary>
public sealed class LabTraceCommand : CompanionCommand
{
    /// <summary>HOST:PORT.</summary>
    public string? Target { get; set; }

    public string? From { get; set; }

    public string? Lab { get; set; }

    public string? Recorded { get; set; }
}
