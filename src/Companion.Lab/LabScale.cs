using System.Globalization;
using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// The scale experiment: loads the client node's kube-proxy rules with N extra Services, plus one Service whose rule
/// sorts first ("aaa/first") and one that sorts last ("zzz/last"), all backed by one real pod; then measures TCP
/// connect latency to both, interleaved; then restores the lab's own rules. No timing is asserted anywhere.
/// </summary>
public static class LabScale
{
    public const int MaxServices = 20_000;

    public static async Task<IReadOnlyList<LabScalePoint>> MeasureAsync(LabTopology topology, ProxyMode mode, int services, int samples, IProgress<LabProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (services is < 0 or > MaxServices || samples is < 1 or > LabTcpProbe.MaxCount)
        {
            throw new LabException($"--services must be 0-{MaxServices} and --samples 1-{LabTcpProbe.MaxCount}");
        }

        var target = topology.Pods.FirstOrDefault(p => !p.IsClusterDns && p.Ports.Any(x => x.Protocol == "TCP")) ?? throw new LabException("the lab has no pod with a TCP port");
        var client = topology.Pods.FirstOrDefault(p => !p.IsClusterDns && p != target) ?? throw new LabException("the lab needs a second pod as the client");
        var node = topology.Nodes.Single(n => n.Name == client.NodeName);
        var port = target.Ports.First(x => x.Protocol == "TCP").Port;
        var baseSnapshot = LabSnapshotBuilder.Build(topology, mode);
        Ipv4Cidr.TryParse(topology.ServiceCidr, out var cidr);
        var extra = new List<(string Ns, string Name, string Ip)> { ("aaa", "first", cidr.At(1000)), ("zzz", "last", cidr.At(1001)) };
        extra.AddRange(Enumerable.Range(0, services).Select(i => ("scale", $"svc-{i.ToString("D5", CultureInfo.InvariantCulture)}", cidr.At(2000 + i))));
        var snapshot = baseSnapshot with
        {
            Services = [.. baseSnapshot.Services, .. extra.Select(e => new ServiceInfo(e.Ns, e.Name, "ClusterIP", e.Ip, [new ServicePortInfo("http", "TCP", 80, port.ToString(CultureInfo.InvariantCulture))], new Dictionary<string, string>()))],
            EndpointSlices = [.. baseSnapshot.EndpointSlices, .. extra.Select(e => new EndpointSliceInfo(e.Ns, e.Name + "-scale", e.Name, "IPv4",
                [new EndpointPortInfo("http", "TCP", port)], [new EndpointInfo([target.Ip], true, true, false, target.NodeName)]))],
        };

        try
        {
            progress?.Report(new LabProgress($"loading {services + 2} extra Services on {node.Name}", 1, 3));
            await LoadAsync(snapshot, topology, node, mode, cancellationToken).ConfigureAwait(false);
            progress?.Report(new LabProgress($"measuring {samples} connects to the first and the last Service", 2, 3));
            var first = new List<LabTcpSample>(samples);
            var last = new List<LabTcpSample>(samples);
            for (var i = 0; i < samples; i++)
            {
                first.AddRange((await LabTcpProbe.ProbeAsync(topology, client, extra[0].Ip, 80, 1, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false)).Samples);
                last.AddRange((await LabTcpProbe.ProbeAsync(topology, client, extra[1].Ip, 80, 1, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false)).Samples);
            }

            var modeName = mode == ProxyMode.Nftables ? "nftables" : "iptables";
            return [Point(services + 2, modeName, "first", first), Point(services + 2, modeName, "last", last)];
        }
        finally
        {
            progress?.Report(new LabProgress("restoring the lab's rules", 3, 3));
            await LoadAsync(baseSnapshot, topology, node, mode, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static LabScalePoint Point(int services, string mode, string position, List<LabTcpSample> samples)
    {
        var ok = samples.Where(s => s.Ok).Select(s => s.Ms).Order().ToList();
        var summary = new LabTcpSummary(samples.Count, ok.Count == 0 ? 0 : Core.Statistics.Latency.Percentile(ok, 50), ok.Count == 0 ? 0 : Core.Statistics.Latency.Percentile(ok, 99), ok.Count == 0 ? 0 : ok[^1]);
        var raw = samples.Where(s => s.Ok).Select(s => Math.Round(s.Ms * 1000, 1)).ToArray();
        return new LabScalePoint(services, mode, position, summary, samples.Count(s => !s.Ok), raw);
    }

    private static async Task LoadAsync(ClusterSnapshot snapshot, LabTopology topology, LabNode node, ProxyMode mode, CancellationToken cancellationToken)
    {
        var rules = LabProxyRules.Instance.Generate(snapshot, topology, node, mode) ?? throw new LabException("no rule generator for this mode");
        var ip = LabTools.Require("ip");
        var timeout = TimeSpan.FromMinutes(2);
        if (mode == ProxyMode.Nftables)
        {
            await LabProcess.RunCheckedAsync(ip, ["netns", "exec", node.Netns, LabTools.Require("nft"), "-f", "-"], "table ip kube-proxy\ndelete table ip kube-proxy\n" + rules, timeout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await LabProcess.RunCheckedAsync(ip, ["netns", "exec", node.Netns, LabTools.Require("iptables-restore")], rules, timeout, cancellationToken).ConfigureAwait(false);
        }
    }
}
