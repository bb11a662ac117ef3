namespace Companion.Core.Dns;

/// <summary>
/// What to probe. <paramref name="Timeout"/> is per wire query (default: the resolv.conf timeout).
/// <paramref name="UseTcp"/> null means "as the libc would" (glibc: use-vc; musl: never).
/// <paramref name="Type"/> null means an unspecified address family (A and AAAA); A or AAAA asks for that family only.
/// </summary>
public sealed record DnsProbeRequest(
    string Name,
    ResolvConf Conf,
    ResolverLibc Libc,
    int Count = 1,
    int Concurrency = 1,
    TimeSpan? Timeout = null,
    bool? UseTcp = null,
    string Label = "",
    DnsRecordType? Type = null);
