namespace Companion.Interactive.Magic;

/// <summary>
/// <c>#!lab capture --pod NS/POD | --node NODE [--iface I] [--count N] [--seconds S] [--filter "F"] [--out FILE] [--lookup NAME]
/// [--lab NAME] [--recorded NAME]</c>.
/// </summary>
public sealed class LabCaptureCommand : CompanionCommand
{
    public string? Pod { get; set; }

    public string? Node { get; set; }

    public string? Iface { get; set; }

    public int Count { get; set; } = 100;

    public double Seconds { get; set; } = 10;

    public string? Filter { get; set; }

    public string? Out { get; set; }

    /// <summary><c>--lookup NAME</c>: getaddrinfo(NAME) from the pod while capturing, so the capture holds that lookup's packets.</summary>
    public string? Lookup { get; set; }

    public string? Lab { get; set; }

    public string? Recorded { get; set; }
}
