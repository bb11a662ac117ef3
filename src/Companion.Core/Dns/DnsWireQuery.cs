namespace Companion.Core.Dns;

/// <summary>
/// One query that went on the wire and what came back. <paramref name="Rcode"/> is upper case ("NOERROR", "NXDOMAIN",
/// "TIMEOUT" when nothing came back). <paramref name="Ms"/> is this query's own round trip;
/// <paramref name="StartMs"/> is when it left, relative to the start of its lookup.
/// </summary>
public sealed record DnsWireQuery(
    DnsRecordType Type,
    string Name,
    DnsOutcome Outcome,
    string Rcode,
    IReadOnlyList<string> Answers,
    double Ms,
    double StartMs,
    string Server,
    bool Tcp);
