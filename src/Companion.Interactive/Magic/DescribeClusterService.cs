namespace Companion.Interactive.Magic;

/// <summary><c>#!k8s describe service NAME [-n NS]</c>: NAME may be ns/name. The words are read from the line (see DirectiveLine).</summary>
public sealed class DescribeClusterService : CompanionCommand
{
    /// <summary>The first word (service, svc), or the name when only one word is given.</summary>
    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    public string? N { get; set; }
}
