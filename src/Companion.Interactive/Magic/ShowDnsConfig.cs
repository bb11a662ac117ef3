namespace Companion.Interactive.Magic;

/// <summary><c>#!k8s dns-config [POD] [-n NS]</c>.</summary>
public sealed class ShowDnsConfig : CompanionCommand
{
    /// <summary>A pod (name or ns/name), the implicit first argument; none: the cluster DNS set-up.</summary>
    public string? Pod { get; set; }

    public string? Namespace { get; set; }

    public string? N { get; set; }
}
