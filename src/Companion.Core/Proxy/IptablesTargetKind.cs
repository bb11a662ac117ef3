namespace Companion.Core.Proxy;

/// <summary>What an iptables rule does when it matches.</summary>
public enum IptablesTargetKind
{
    /// <summary>No -j: the rule only counts.</summary>
    None,
    Chain,
    Accept,
    Drop,
    Reject,
    Return,
    Dnat,
    Snat,
    Masquerade,
    Mark,
    Other,
}
