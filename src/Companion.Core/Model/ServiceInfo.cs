namespace Companion.Core.Model;

/// <summary>A Service as the API describes it (v1), reduced to what kube-proxy and DNS use.</summary>
public sealed record ServiceInfo(
    string Namespace,
    string Name,
    string Type,
    string? ClusterIp,
    IReadOnlyList<ServicePortInfo> Ports,
    IReadOnlyDictionary<string, string> Selector,
    string ExternalTrafficPolicy = "Cluster",
    string InternalTrafficPolicy = "Cluster",
    string SessionAffinity = "None",
    int? SessionAffinityTimeoutSeconds = null,
    IReadOnlyList<string>? ExternalIps = null,
    IReadOnlyList<string>? LoadBalancerIngressIps = null,
    IReadOnlyList<string>? LoadBalancerSourceRanges = null,
    string? ExternalName = null,
    int? HealthCheckNodePort = null,
    bool PublishNotReadyAddresses = false,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyList<string>? ClusterIps = null)
{
    /// <summary>ClusterIP "None": DNS answers with pod IPs and kube-proxy writes no rules.</summary>
    public bool IsHeadless => string.Equals(ClusterIp, "None", StringComparison.Ordinal);

    /// <summary>"namespace/name".</summary>
    public string Key => $"{Namespace}/{Name}";
}

/// <summary>
/// One Service port. TargetPort is the raw value (a number or a container port name).
/// </summary>
public sealed record ServicePortInfo(string? Name, string Protocol, int Port, string? TargetPort = null, int? NodePort = null);
