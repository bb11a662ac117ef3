namespace Companion.Interactive.Magic;

/// <summary>
/// <c>#!lab probe tcp HOST:PORT --from NS/POD [--count N] [--timeout-ms N] [--lab NAME] [--recorded NAME]</c> and
/// <c>#!lab probe dns NAME --from NS/POD [--count N] [--lab NAME] [--recorded NAME]</c>.
/// </summary>
public sealed class LabProbeCommand : CompanionCommand
{
    /// <summary>tcp or dns (the first word).</summary>
    public string? Kind { get; set; }

    public string? From { get; set; }

    public int Count { get; set; } = 1;

    public int TimeoutMs { get; set; } = 2000;

    public string? Lab { get; set; }

    /// <summary><c>--recorded NAME</c>: on a recording, show this measurement (else the one recorded for the same command).</summary>
    public string? Recorded { get; set; }
}
