namespace Companion.Core.Model;

/// <summary>Where data came from. Every output names it.</summary>
public enum SourceKind
{
    /// <summary>A real cluster through the Kubernetes API.</summary>
    Live,

    /// <summary>The network-namespace lab on this machine.</summary>
    Lab,

    /// <summary>A recording replayed from disk.</summary>
    Recording,
}
