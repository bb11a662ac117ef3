namespace Companion.Core.Lab;

/// <summary>
/// A lab node: a netns with a bridge (Bridge, address Gateway) for its pod CIDR, and eth0 (InternalIp) on the fabric.
/// </summary>
public sealed record LabNode(string Name, string Netns, string InternalIp, int FabricPrefix, string FabricPeer, string PodCidr, string Gateway, string Bridge = "cbr0");
