namespace Companion.Core.Dns;

/// <summary>One query, sent <paramref name="Count"/> times over UDP to one server, <paramref name="Concurrency"/> at a time.</summary>
public sealed record DnsBulkRequest(PlannedQuery Query, DnsServerEndpoint Server, TimeSpan Timeout, int Count, int Concurrency);
