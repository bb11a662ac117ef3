namespace Companion.Core.Proxy;

/// <summary>What happens to the packet: JSON "dnat", "accept" (no NAT), "reject" or "drop".</summary>
public enum TraceVerdict
{
    Dnat,
    Accept,
    Reject,
    Drop,
}
