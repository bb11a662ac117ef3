namespace Companion.Core.Dns;

/// <summary>
/// The wire query of every lookup of a bulk series, in the order they were sent, and the wall time from the first
/// send to the last answer (or timeout).
/// </summary>
public sealed record DnsBulkRun(IReadOnlyList<DnsWireQuery> Queries, TimeSpan Wall);
