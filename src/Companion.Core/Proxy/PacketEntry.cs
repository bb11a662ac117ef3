namespace Companion.Core.Proxy;

/// <summary>Where a packet enters the node's netfilter hooks.</summary>
public enum PacketEntry
{
    /// <summary>From the network or from a pod: nat PREROUTING, then filter INPUT or FORWARD.</summary>
    Network,

    /// <summary>Generated on the node itself: nat OUTPUT, then filter OUTPUT.</summary>
    Local,
}
