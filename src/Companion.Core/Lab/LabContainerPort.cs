namespace Companion.Core.Lab;

/// <summary>A container port of a lab pod; the pod's server listens on it.</summary>
public sealed record LabContainerPort(string? Name, int Port, string Protocol = "TCP");
