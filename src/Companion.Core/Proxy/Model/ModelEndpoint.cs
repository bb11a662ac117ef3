using Companion.Core.Model;

namespace Companion.Core.Proxy;

/// <summary>One endpoint of one service port, as kube-proxy sees it: address, resolved target port and conditions.</summary>
internal sealed record ModelEndpoint(
    string Ip,
    int Port,
    string? NodeName,
    string? Zone,
    bool Ready,
    bool Serving,
    bool Terminating,
    EndpointTargetRef? TargetRef,
    IReadOnlyList<string>? HintZones)
{
    /// <summary>"ip:port" as Go's JoinHostPort prints it; kube-proxy sorts endpoints by this string.</summary>
    public string HostPort => KubeProxyNames.JoinHostPort(Ip, Port);
}
