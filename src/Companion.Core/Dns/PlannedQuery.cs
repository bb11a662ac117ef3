namespace Companion.Core.Dns;

/// <summary>One query the resolver would put on the wire. <paramref name="Name"/> carries no trailing dot.</summary>
public sealed record PlannedQuery(DnsRecordType Type, string Name);
