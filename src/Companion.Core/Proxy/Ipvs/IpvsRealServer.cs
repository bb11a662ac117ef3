namespace Companion.Core.Proxy;

/// <summary>One real server of a virtual service: "-> 10.244.1.10:8080  Masq  1  0  0". Forward is Masq, Route, Tunnel or Local.</summary>
public sealed record IpvsRealServer(string Address, int Port, string Forward, int Weight, long ActiveConnections, long InactiveConnections, int LineNumber, string Text)
{
    /// <summary>"10.244.1.10:8080".</summary>
    public string Endpoint => KubeProxyNames.JoinHostPort(Address, Port);
}
