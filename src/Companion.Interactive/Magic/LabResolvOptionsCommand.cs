namespace Companion.Interactive.Magic;

/// <summary><c>#!lab resolv-options [OPTION...] --pod NS/POD [--lab NAME]</c> (no option: kubelet's file again).</summary>
public sealed class LabResolvOptionsCommand : CompanionCommand
{
    /// <summary>The first option word (the rest are read from the cell's line).</summary>
    public string? Options { get; set; }

    public string? Pod { get; set; }

    public string? Lab { get; set; }
}
