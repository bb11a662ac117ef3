namespace Companion.Core.Lab;

/// <summary>A Deployment of the lab model: Replicas pods with these labels and container ports.</summary>
public sealed record LabDeployment(
    string Namespace,
    string Name,
    int Replicas,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<LabContainerPort> Ports);
