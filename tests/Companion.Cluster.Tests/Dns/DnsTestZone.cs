using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>The small cluster.local zone every DNS test serves with dnsmasq, and the pod resolv.conf that goes with it.</summary>
public static class DnsTestZone
{
    public const string WebIp = "10.96.0.10";
    public const string ApiIp = "10.96.0.11";
    public const string ApiIp6 = "fd00::11";
    public const string NodataSvcIp = "10.96.0.99";
    public const string ExampleIp = "192.0.2.80";

    public static readonly string[] Search = ["demo.svc.cluster.local", "svc.cluster.local", "cluster.local"];

    /// <summary>dnsmasq arguments for the zone: everything not listed is NXDOMAIN.</summary>
    public static readonly string[] Records =
    [
        $"--host-record=web.demo.svc.cluster.local,{WebIp}",
        $"--host-record=api.demo.svc.cluster.local,{ApiIp},{ApiIp6}",
        "--txt-record=nodata.demo.svc.cluster.local,\"only a TXT record\"",
        $"--host-record=nodata.svc.cluster.local,{NodataSvcIp}",
        $"--host-record=example.com,{ExampleIp}",
        "--srv-host=_http._tcp.web.demo.svc.cluster.local,web.demo.svc.cluster.local,80",
        $"--txt-record=big.demo.svc.cluster.local,{BigTxtPart},{BigTxtPart},{BigTxtPart}",
    ];

    /// <summary>One of the three strings of big.demo's TXT record: 600 bytes in all, more than fits in 512-byte UDP.</summary>
    public static string BigTxtPart => new('x', 200);

    /// <summary>A pod-style resolv.conf pointing at <paramref name="server"/>.</summary>
    public static ResolvConf Conf(string server, int ndots = 5) => new([server], Search, Ndots: ndots, TimeoutSeconds: 2, Attempts: 1);
}
