namespace Companion.Core.Lab;

/// <summary>
/// A Service of the lab model. ClusterIp null means "assign one"; "None" makes it headless.
/// </summary>
public sealed record LabService(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Selector,
    IReadOnlyList<LabServicePort> Ports,
    string? ClusterIp = null);
