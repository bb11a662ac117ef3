namespace Companion.Core.Proxy;

/// <summary>
/// A rule's target. For <see cref="IptablesTargetKind.Chain"/>, Name is the user chain and IsGoto tells -g from -j.
/// For DNAT, ToDestination is "ip[:port]". For MARK, the new mark is (mark &amp; ~Mask) ^ Value (what --set-xmark means).
/// </summary>
public sealed record IptablesTarget(IptablesTargetKind Kind, string Name, bool IsGoto = false)
{
    public string? ToDestination { get; init; }

    public uint MarkValue { get; init; }

    public uint MarkMask { get; init; }

    /// <summary>For MARK --and-mark: mark &amp;= Value (applied before the xmark step, whose mask is then 0).</summary>
    public uint? AndMask { get; init; }

    /// <summary>The target's own options, as written ("--reject-with icmp-port-unreachable").</summary>
    public string? Options { get; init; }

    /// <summary>Short text for a trace: "KUBE-SVC-…", "DNAT 10.0.1.5:8080", "REJECT".</summary>
    public string Describe() => Kind switch
    {
        IptablesTargetKind.None => "match only",
        IptablesTargetKind.Chain => IsGoto ? $"goto {Name}" : Name,
        IptablesTargetKind.Dnat => $"DNAT {ToDestination}",
        _ => Name,
    };
}
