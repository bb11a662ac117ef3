namespace Companion.Core.Dns;

/// <summary>
/// One query, sent <paramref name="Count"/> times over UDP to one server, <paramref name="Concurrency"/> at a time;
/// with a <paramref name="Rate"/> (lookups per second), lookup i is not sent before i ÷ rate seconds after the first.
/// </summary>
public sealed record DnsBulkRequest(PlannedQuery Query, DnsServerEndpoint Server, TimeSpan Timeout, int Count, int Concurrency, double? Rate = null);
