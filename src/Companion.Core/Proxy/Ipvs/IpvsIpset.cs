namespace Companion.Core.Proxy;

/// <summary>One ipset (name, type such as hash:ip,port, members as printed, e.g. "10.96.0.10,udp:53") and its line.</summary>
public sealed record IpvsIpset(string Name, string Type, IReadOnlyList<string> Members, int LineNumber)
{
    private HashSet<string>? _index;

    /// <summary>True when the set lists exactly this member text.</summary>
    public bool Contains(string member) => (_index ??= new HashSet<string>(Members, StringComparer.Ordinal)).Contains(member);
}
