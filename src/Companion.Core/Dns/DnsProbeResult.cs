namespace Companion.Core.Dns;

/// <summary>One lookup as the libc would do it: every wire query in order, the addresses found, and the total time.</summary>
public sealed record DnsProbeResult(
    string Name,
    ResolverLibc Libc,
    IReadOnlyList<DnsWireQuery> Queries,
    IReadOnlyList<string> Addresses,
    DnsOutcome Outcome,
    double TotalMs)
{
    /// <summary>The candidate name that answered, when one did.</summary>
    public string? AnsweredName { get; init; }
}
