namespace Companion.Core.Lab;

/// <summary>A Service port; TargetPort is a number or a container port name (null: same as Port).</summary>
public sealed record LabServicePort(string? Name, int Port, string? TargetPort = null, string Protocol = "TCP");
