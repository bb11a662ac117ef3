namespace Companion.Interactive.Magic;

/// <summary><c>#!dns plan NAME</c>: the ordered queries the libc would send, assuming no earlier candidate answers.</summary>
public sealed class PlanDnsLookup : DnsLookupCommand
{
}
