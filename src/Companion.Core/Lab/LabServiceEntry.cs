namespace Companion.Core.Lab;

/// <summary>A lab Service with its assigned ClusterIP ("None" when headless).</summary>
public sealed record LabServiceEntry(
    string Namespace,
    string Name,
    string ClusterIp,
    IReadOnlyList<LabServicePort> Ports,
    IReadOnlyDictionary<string, string> Selector)
{
    public bool IsHeadless => ClusterIp == "None";

    /// <summary>name.namespace.svc.&lt;domain&gt;.</summary>
    public string Fqdn(string clusterDomain) => $"{Name}.{Namespace}.svc.{clusterDomain}";
}
