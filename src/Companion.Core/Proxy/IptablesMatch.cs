namespace Companion.Core.Proxy;

/// <summary>
/// One condition of an iptables rule, pre-decoded for a fast packet walk.
/// Which fields are used depends on <see cref="Kind"/>: addresses use Address/Mask, ports use Ports,
/// statistic uses Probability (as the kernel stores it), mark uses Address (value) and Mask, recent uses Value (list name) and Seconds.
/// </summary>
public sealed record IptablesMatch(IptablesMatchKind Kind, bool Negated, string Text)
{
    /// <summary>Interface name, protocol, comment text, addrtype, ctstate list, recent list name or set name.</summary>
    public string? Value { get; init; }

    /// <summary>IPv4 network (host order) or mark value.</summary>
    public uint Address { get; init; }

    /// <summary>IPv4 netmask (host order) or mark mask.</summary>
    public uint Mask { get; init; }

    /// <summary>Port ranges (inclusive); one entry for --dport, several for multiport --dports.</summary>
    public IReadOnlyList<PortRange>? Ports { get; init; }

    /// <summary>statistic --probability as printed, and as the kernel applies it (round(p·2³¹)/2³¹).</summary>
    public double Probability { get; init; }

    /// <summary>recent --seconds.</summary>
    public int? Seconds { get; init; }
}
