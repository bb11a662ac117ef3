namespace Companion.Core.Dns;

/// <summary>
/// What a response to one query said: its <paramref name="Rcode"/>, whether the server set TC (the answer did not fit
/// in UDP), and the records of the asked type formatted as text ("10.96.0.10", "0 100 80 web.demo.svc.cluster.local").
/// <paramref name="Malformed"/> is a response to this query that could not be read past its header.
/// </summary>
public sealed record DnsWireAnswer(int Rcode, bool Truncated, IReadOnlyList<string> Answers, bool Malformed = false);
