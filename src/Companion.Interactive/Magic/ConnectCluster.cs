namespace Companion.Interactive.Magic;

/// <summary><c>#!k8s connect [--context C] [--kubeconfig F] [--namespace N] [--recording DIR] [--lab] [--timeout-ms N]</c>.</summary>
public sealed class ConnectCluster : CompanionCommand
{
    public string? Context { get; set; }

    public string? Kubeconfig { get; set; }

    /// <summary><c>--namespace N</c>: the default namespace of later commands.</summary>
    public string? Namespace { get; set; }

    public string? Recording { get; set; }

    public bool Lab { get; set; }

    public int? TimeoutMs { get; set; }
}
