namespace Companion.Interactive.Magic;

/// <summary><c>#!k8s get pods|services|endpointslices|nodes [-n NS] [-l SELECTOR]</c>.</summary>
public sealed class GetClusterObjects : CompanionCommand
{
    /// <summary>The kind (implicit first argument).</summary>
    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    /// <summary><c>-n NS</c>.</summary>
    public string? N { get; set; }

    public string? Selector { get; set; }

    /// <summary><c>-l SELECTOR</c>.</summary>
    public string? L { get; set; }
}
