namespace Companion.Lab;

/// <summary>The faults the lab can inject, each undone by <see cref="LabFaults.ClearAsync"/>.</summary>
public enum LabFaultKind
{
    /// <summary>nft in every node: drop the 2nd packet of each UDP flow to port 53 (the lost-AAAA conntrack race): the 5 s stall.</summary>
    DnsSecondPacket,

    /// <summary>nft in every node: drop Percent % of UDP DNS queries (or of all packets) at random (numgen).</summary>
    Loss,

    /// <summary>net.bridge.bridge-nf-call-iptables=0 in every node: same-node Service replies bypass conntrack.</summary>
    BrNetfilterOff,

    /// <summary>hairpin off on every pod's bridge port: a pod DNATed to itself gets no answer.</summary>
    HairpinOff,

    /// <summary>tc netem delay on every node's fabric link; only where the kernel has netem (these VMs do not).</summary>
    Delay,
}
