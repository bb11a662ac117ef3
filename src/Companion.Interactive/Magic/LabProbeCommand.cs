namespace Companion.Interactive.Magic;

/// <summary><c>#!lab probe tcp HOST:PORT --from NS/POD [--count N] [--timeout-ms N] [--lab NAME]</c>.</summary>
public sealed class LabProbeCommand : CompanionCommand
{
    /// <summary>tcp (the first word).</summary>
    public string? Kind { get; set; }

    public string? From { get; set; }

    public int Count { get; set; } = 1;

    public int TimeoutMs { get; set; } = 2000;

    public string? Lab { get; set; }
}
