namespace Companion.Core.Proxy;

/// <summary>
/// The packet to trace. Protocol is "tcp", "udp" or "sctp". 127.0.0.0/8 is always a local address;
/// <paramref name="LocalAddresses"/> lists the node's other addresses (for addrtype LOCAL).
/// </summary>
public sealed record PacketSpec(
    string Source,
    string Destination,
    string Protocol,
    int DestinationPort,
    PacketEntry Entry = PacketEntry.Network,
    IReadOnlyList<string>? LocalAddresses = null,
    string? InInterface = null,
    string? OutInterface = null);
