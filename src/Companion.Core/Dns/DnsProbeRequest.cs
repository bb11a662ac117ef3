namespace Companion.Core.Dns;

/// <summary>
/// What to probe. <paramref name="Timeout"/> is per wire query (default: the resolv.conf timeout).
/// <paramref name="UseTcp"/> null means "as the libc would" (glibc: use-vc; musl: never).
/// <paramref name="Type"/> null means an unspecified address family (A and AAAA); A or AAAA asks for that family only.
/// <paramref name="Rate"/> paces a run: lookup i starts no earlier than i ÷ rate seconds after the first (null: as
/// fast as <paramref name="Concurrency"/> allows, a closed loop).
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
    DnsRecordType? Type = null,
    double? Rate = null);
