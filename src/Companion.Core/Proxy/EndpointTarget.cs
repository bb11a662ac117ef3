namespace Companion.Core.Proxy;

/// <summary>
/// One place the packet can land: "ip:port", the probability of landing there (0..1), whether the source is
/// masqueraded on the way, the rule chain that chose it, and, when a cluster model is at hand, the pod behind it.
/// </summary>
public sealed record EndpointTarget(
    string Endpoint,
    double Probability,
    bool Masquerade,
    string? Chain = null,
    string? PodName = null,
    string? PodNamespace = null,
    string? NodeName = null);
