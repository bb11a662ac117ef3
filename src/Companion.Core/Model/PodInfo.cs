namespace Companion.Core.Model;

/// <summary>A pod as the API describes it, reduced to what the talk needs.</summary>
public sealed record PodInfo(
    string Namespace,
    string Name,
    string? NodeName,
    string? PodIp,
    string Phase,
    bool Ready,
    int Restarts,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<ContainerPortInfo> ContainerPorts,
    bool HostNetwork = false,
    string DnsPolicy = "ClusterFirst",
    PodDnsConfig? DnsConfig = null,
    string? Hostname = null,
    string? Subdomain = null,
    IReadOnlyList<string>? PodIps = null,
    DateTimeOffset? StartTime = null);

/// <summary>A declared container port.</summary>
public sealed record ContainerPortInfo(string Container, string? Name, int Port, string Protocol = "TCP");

/// <summary>The pod's spec.dnsConfig, merged by kubelet on top of the dnsPolicy's base file.</summary>
public sealed record PodDnsConfig(
    IReadOnlyList<string> Nameservers,
    IReadOnlyList<string> Searches,
    IReadOnlyList<PodDnsOption> Options);

/// <summary>One resolver option; Value is null for flags such as single-request-reopen.</summary>
public sealed record PodDnsOption(string Name, string? Value);
