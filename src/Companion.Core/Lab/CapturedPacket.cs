namespace Companion.Core.Lab;

/// <summary>
/// One packet of a capture, decoded: seconds since the first packet, addresses with ports, protocol, TCP flags
/// ("S", "S.", "P.", "F.", "R"), and for DNS the question, rcode and answers.
/// </summary>
public sealed record CapturedPacket(
    double TimeSeconds,
    string Source,
    string Destination,
    string Protocol,
    string? Flags,
    int Length,
    string? DnsQuestion = null,
    string? DnsRcode = null,
    IReadOnlyList<string>? DnsAnswers = null,
    bool DnsResponse = false);
