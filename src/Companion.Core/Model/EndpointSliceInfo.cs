namespace Companion.Core.Model;

/// <summary>A discovery.k8s.io/v1 EndpointSlice.</summary>
public sealed record EndpointSliceInfo(
    string Namespace,
    string Name,
    string? ServiceName,
    string AddressType,
    IReadOnlyList<EndpointPortInfo> Ports,
    IReadOnlyList<EndpointInfo> Endpoints,
    IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>A slice port: the resolved target port of one service port, matched by Name.</summary>
public sealed record EndpointPortInfo(string? Name, string Protocol, int? Port);

/// <summary>
/// One endpoint and its conditions. Null conditions follow the API's defaulting rules:
/// ready null means ready, serving null means "same as ready", terminating null means false.
/// </summary>
public sealed record EndpointInfo(
    IReadOnlyList<string> Addresses,
    bool? Ready,
    bool? Serving,
    bool? Terminating,
    string? NodeName = null,
    string? Zone = null,
    string? Hostname = null,
    EndpointTargetRef? TargetRef = null,
    IReadOnlyList<string>? HintZones = null,
    IReadOnlyList<string>? HintNodes = null)
{
    public bool IsReady => Ready ?? true;
    public bool IsServing => Serving ?? IsReady;
    public bool IsTerminating => Terminating ?? false;
}

/// <summary>The object an endpoint points at, usually a Pod.</summary>
public sealed record EndpointTargetRef(string Kind, string? Namespace, string Name);
