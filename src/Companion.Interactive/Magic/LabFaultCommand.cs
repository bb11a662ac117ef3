namespace Companion.Interactive.Magic;

/// <summary><c>#!lab fault add KIND [--percent N] [--all-traffic] [--delay-ms N] [--jitter-ms N] [--lab NAME]</c> and <c>#!lab fault clear</c>.</summary>
public sealed class LabFaultCommand : CompanionCommand
{
    /// <summary>add or clear (the first word).</summary>
    public string? Action { get; set; }

    public int Percent { get; set; } = 20;

    public bool AllTraffic { get; set; }

    public int DelayMs { get; set; } = 50;

    public int JitterMs { get; set; }

    public string? Lab { get; set; }
}
