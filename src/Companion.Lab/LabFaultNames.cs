namespace Companion.Lab;

/// <summary>The fault kinds by the names <c>companion lab fault add</c> and <c>#!lab fault add</c> both take.</summary>
public static class LabFaultNames
{
    /// <summary>Name to kind, in the order the usage lines list them.</summary>
    public static IReadOnlyDictionary<string, LabFaultKind> Kinds { get; } = new Dictionary<string, LabFaultKind>(StringComparer.Ordinal)
    {
        ["dns-second-packet"] = LabFaultKind.DnsSecondPacket,
        ["loss"] = LabFaultKind.Loss,
        ["br-netfilter-off"] = LabFaultKind.BrNetfilterOff,
        ["hairpin-off"] = LabFaultKind.HairpinOff,
        ["delay"] = LabFaultKind.Delay,
    };
}
