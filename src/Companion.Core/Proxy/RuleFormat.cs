namespace Companion.Core.Proxy;

/// <summary>The kind of node dump: iptables-save output, nft ruleset text, or ipvsadm output.</summary>
public enum RuleFormat
{
    IptablesSave,
    Nft,
    Ipvs,
}
