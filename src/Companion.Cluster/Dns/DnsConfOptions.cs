namespace Companion.Cluster.Dns;

/// <summary>
/// Where a probe's resolver configuration comes from: a resolv.conf file (default /etc/resolv.conf), and overrides
/// for the nameservers (<paramref name="Server"/>, "IP[:port]"), ndots and the search list.
/// </summary>
public sealed record DnsConfOptions(
    string? ResolvConfPath = null,
    string? Server = null,
    int? Ndots = null,
    IReadOnlyList<string>? Search = null)
{
    /// <summary>The file read when no path is given.</summary>
    public const string DefaultResolvConfPath = "/etc/resolv.conf";
}
