using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>What the walker knows about the packet that does not change along the way, and the diagnostics it collects.</summary>
internal sealed class NftPacketContext
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<uint> _local = [];

    public NftPacketContext(PacketSpec packet, List<Diagnostic> diagnostics)
    {
        Packet = packet;
        Diagnostics = diagnostics;
        Protocol = packet.Protocol.ToLowerInvariant();
        if (!Ipv4.TryParse(packet.Source, out var source))
        {
            Note(Diagnostic.Fail($"source '{packet.Source}' is not an IPv4 address; only IPv4 is traced"));
        }

        Source = source;
        foreach (var address in packet.LocalAddresses ?? [])
        {
            if (Ipv4.TryParse(address, out var local))
            {
                _local.Add(local);
            }
            else
            {
                Note(Diagnostic.Warn($"local address '{address}' is not an IPv4 address and was ignored"));
            }
        }
    }

    public PacketSpec Packet { get; }

    public uint Source { get; }

    public string Protocol { get; }

    public List<Diagnostic> Diagnostics { get; }

    /// <summary>True for the node's own addresses; 127.0.0.0/8 is always local.</summary>
    public bool IsLocal(uint address) => Ipv4.IsLoopback(address) || _local.Contains(address);

    /// <summary>Adds a diagnostic once (the same text from many paths shows once).</summary>
    public void Note(Diagnostic diagnostic)
    {
        if (_seen.Add(diagnostic.ToString()))
        {
            Diagnostics.Add(diagnostic);
        }
    }
}
