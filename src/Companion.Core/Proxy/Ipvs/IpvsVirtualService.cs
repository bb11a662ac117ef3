namespace Companion.Core.Proxy;

/// <summary>
/// One IPVS virtual service ("TCP  10.96.0.10:53 rr persistent 10800"). Protocol is lower-case tcp/udp/sctp, or
/// "fwm" with <see cref="FirewallMark"/> set.
/// </summary>
public sealed record IpvsVirtualService(
    string Protocol,
    string Address,
    int Port,
    string Scheduler,
    int? PersistentSeconds,
    IReadOnlyList<IpvsRealServer> RealServers,
    int LineNumber,
    string Text,
    int? FirewallMark = null)
{
    /// <summary>"10.96.0.10:53".</summary>
    public string Endpoint => KubeProxyNames.JoinHostPort(Address, Port);
}
