namespace Companion.Core.Dns;

/// <summary>
/// The ordered queries a libc would send for <paramref name="Name"/>, assuming no candidate answers.
/// <paramref name="Candidates"/> are the names tried in order; each candidate is asked for every type in
/// <paramref name="Types"/> (A then AAAA for an unspecified address family).
/// </summary>
public sealed record DnsQueryPlan(
    string Name,
    ResolverLibc Libc,
    ResolvConf Conf,
    IReadOnlyList<PlannedQuery> Queries,
    IReadOnlyList<string> Candidates,
    IReadOnlyList<DnsRecordType> Types,
    int Dots,
    bool TrailingDot,
    bool ParallelPairs,
    string Explanation);
