namespace Companion.Interactive.Magic;

/// <summary>
/// <c>#!trace packet --src IP --dst IP --proto tcp|udp|sctp --dport N [--from local|network] [--node NODE] [--rules FILE]
/// [--format iptables-save|nft|ipvs]</c>: the rules from FILE, else the current source's dump of NODE.
/// </summary>
public sealed class TraceRulePacket : CompanionCommand
{
    public string? Src { get; set; }

    public string? Dst { get; set; }

    public string? Proto { get; set; }

    public int Dport { get; set; }

    public string? From { get; set; }

    public string? Node { get; set; }

    public string? Rules { get; set; }

    public string? Format { get; set; }
}
