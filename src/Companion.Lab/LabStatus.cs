using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>Whether a lab is up, its phase ("creating" after an interrupted up) and, when up, its topology.</summary>
public sealed record LabStatus(string LabName, bool Up, string? Phase, string? ProxyMode, LabTopology? Topology)
{
    public static LabStatus Down(string labName) => new(labName, false, null, null, null);
}
