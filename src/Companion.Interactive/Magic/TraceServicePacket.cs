namespace Companion.Interactive.Magic;

/// <summary><c>#!trace service NAME[:PORT] [--from POD|node|external] [--node NODE] [-n NS]</c>.</summary>
public sealed class TraceServicePacket : CompanionCommand
{
    /// <summary>NAME[:PORT] or ns/NAME[:PORT] (implicit first argument).</summary>
    public string? Service { get; set; }

    /// <summary><c>--from</c>: a pod (name or ns/name), node or external (default node).</summary>
    public string? From { get; set; }

    public string? Node { get; set; }

    public string? Namespace { get; set; }

    public string? N { get; set; }
}
