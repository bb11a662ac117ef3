using System.Globalization;

namespace Companion.Core.Lab;

/// <summary>
/// The cluster DNS of the lab: dnsmasq's command line (records for cluster.local, NXDOMAIN for the rest, nothing forwarded)
/// and the resolv.conf kubelet writes for a ClusterFirst pod.
/// </summary>
public static class LabDnsConfig
{
    /// <summary>dnsmasq arguments: A for Services, pod IPs for headless Services, SRV for named ports.</summary>
    public static IReadOnlyList<string> DnsmasqArguments(LabTopology topology, string pidFile, string logFile)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var args = new List<string>
        {
            "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--address=/#/", "--cache-size=0", "--local-ttl=5",
            "--user=root", "--group=root", "--log-queries", $"--log-facility={logFile}", $"--pid-file={pidFile}", "--port=53",
        };
        var domain = topology.ClusterDomain;
        foreach (var s in topology.Services)
        {
            var fqdn = s.Fqdn(domain);
            var endpoints = topology.Endpoints(s).ToList();
            if (s.IsHeadless)
            {
                args.AddRange(endpoints.Select(p => $"--host-record={fqdn},{p.Ip}"));
                args.AddRange(endpoints.Select(p => $"--host-record={p.Name}.{fqdn},{p.Ip}"));
            }
            else
            {
                args.Add($"--host-record={fqdn},{s.ClusterIp}");
            }

            foreach (var port in s.Ports.Where(p => p.Name is not null))
            {
                var srv = $"_{port.Name}._{port.Protocol.ToLowerInvariant()}.{fqdn}";
                var targets = s.IsHeadless ? endpoints.Select(p => $"{p.Name}.{fqdn}").ToList() : [fqdn];
                var number = s.IsHeadless ? (LabSnapshotBuilder.ResolveTargetPort(port, endpoints.FirstOrDefault()) ?? port.Port) : port.Port;
                args.AddRange(targets.Select(t => $"--srv-host={srv},{t},{number.ToString(CultureInfo.InvariantCulture)},0,100"));
            }
        }

        foreach (var p in topology.Pods)
        {
            args.Add($"--host-record={p.Ip.Replace('.', '-')}.{p.Namespace}.pod.{domain},{p.Ip}");
        }

        return args;
    }

    /// <summary>
    /// resolv.conf as kubelet writes it for dnsPolicy ClusterFirst, plus extra options (for example single-request-reopen,
    /// timeout:1, use-vc) the faults chapter sets.
    /// </summary>
    public static string PodResolvConf(LabTopology topology, LabPod pod, IEnumerable<string>? extraOptions = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(pod);
        var d = topology.ClusterDomain;
        var options = new[] { "ndots:5" }.Concat(extraOptions ?? []).Where(o => !string.IsNullOrWhiteSpace(o) && !o.Any(char.IsWhiteSpace)).Distinct();
        return $"search {pod.Namespace}.svc.{d} svc.{d} {d}\nnameserver {topology.ClusterDnsIp}\noptions {string.Join(' ', options)}\n";
    }
}
