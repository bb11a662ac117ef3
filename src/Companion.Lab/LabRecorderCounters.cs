using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Companion.Cluster.Recording;
using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>
/// The kernel's packet counters on kube-proxy's iptables nat rules, on the client's node, before and after some connects to
/// the Service: the rules whose counters moved (one packet per connection: nat sees only a connection's first packet),
/// conntrack's packet count of those connections (all of their packets), and <c>iptables -t nat -L -v -n -x</c> as printed.
/// </summary>
internal static partial class LabRecorderCounters
{
    public const string Name = "rule-counters-backend";

    public static async Task<RecordedMeasurement> MeasureAsync(LabTopology topology, LabPod pod, LabServiceEntry service, int connects, IProgress<string>? progress, CancellationToken ct)
    {
        var node = topology.Nodes.Single(n => n.Name == pod.NodeName);
        var port = service.Ports[0].Port;
        progress?.Report($"rule counters: iptables nat on {node.Name} around {connects} connects {pod.Key} -> {service.Name}:{port}");
        var listingBefore = await RunAsync(node.Netns, ct, "iptables", "-t", "nat", "-L", "-v", "-n", "-x").ConfigureAwait(false);
        var rulesBefore = Rules(await RunAsync(node.Netns, ct, "iptables-save", "-c", "-t", "nat").ConfigureAwait(false));
        var trackedBefore = Tracked(await RunAsync(node.Netns, ct, "conntrack", "-L", "-p", "tcp", "-s", pod.Ip, "-d", service.ClusterIp).ConfigureAwait(false));
        var run = await LabTcpProbe.ProbeAsync(topology, pod, service.Name, port, connects, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        var rulesAfter = Rules(await RunAsync(node.Netns, ct, "iptables-save", "-c", "-t", "nat").ConfigureAwait(false));
        var trackedAfter = Tracked(await RunAsync(node.Netns, ct, "conntrack", "-L", "-p", "tcp", "-s", pod.Ip, "-d", service.ClusterIp).ConfigureAwait(false));
        var listingAfter = await RunAsync(node.Netns, ct, "iptables", "-t", "nat", "-L", "-v", "-n", "-x").ConfigureAwait(false);

        var before = rulesBefore.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var moved = rulesAfter.Select(r => new
        {
            chain = r.Chain,
            rule = r.Text,
            packetsBefore = before.TryGetValue(r.Key, out var b) ? b.Packets : 0,
            packetsAfter = r.Packets,
            packets = r.Packets - (before.TryGetValue(r.Key, out var b2) ? b2.Packets : 0),
            bytes = r.Bytes - (before.TryGetValue(r.Key, out var b3) ? b3.Bytes : 0),
        }).Where(r => r.packets > 0).ToList();
        var serviceRule = moved.FirstOrDefault(r => r.chain == "KUBE-SERVICES" && r.rule.Contains($"-d {service.ClusterIp}/32", StringComparison.Ordinal)
            && r.rule.Contains($"--dport {port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
        var fresh = trackedAfter.Where(t => !trackedBefore.ContainsKey(t.Key)).Select(t => t.Value).ToList();
        var result = new
        {
            from = pod.Key,
            node = node.Name,
            service = $"{service.Namespace}/{service.Name}",
            clusterIp = service.ClusterIp,
            port,
            mode = "iptables",
            connects = run.Samples.Count(s => s.Ok),
            failed = run.Samples.Count(s => !s.Ok),
            serviceRulePackets = serviceRule?.packets ?? 0,
            conntrack = new
            {
                connections = fresh.Count,
                packetsOriginal = fresh.Sum(f => f.Original),
                packetsReply = fresh.Sum(f => f.Reply),
            },
            rules = moved,
            listingBefore,
            listingAfter,
        };
        var element = JsonSerializer.SerializeToElement(result, RecordedMeasurementJson.Options);
        return new RecordedMeasurement(Name, "RuleCounters", DateTimeOffset.UtcNow,
            $"iptables-save -c -t nat; iptables -t nat -L -v -n -x; conntrack -L -p tcp -s {pod.Ip} -d {service.ClusterIp} (node {node.Name}), before and after "
            + $"companion lab probe tcp {service.Name}:{port} --from {pod.Key} --count {connects}",
            element, $"kube-proxy iptables mode (lab {topology.LabName}); counters are deltas over the {connects} connects");
    }

    /// <summary>"[pk:bytes] -A CHAIN rest" lines of iptables-save -c, keyed by chain, text and occurrence (equal rules can repeat).</summary>
    internal static List<CountedRule> Rules(string save)
    {
        var rules = new List<CountedRule>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in save.Split('\n'))
        {
            var m = CounterLine().Match(line.TrimEnd('\r'));
            if (!m.Success)
            {
                continue;
            }

            var (chain, text) = (m.Groups["chain"].Value, m.Groups["rest"].Value);
            var key = chain + " " + text;
            var n = seen[key] = seen.GetValueOrDefault(key) + 1;
            rules.Add(new CountedRule($"{key}#{n}", chain, text, long.Parse(m.Groups["pk"].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups["by"].Value, CultureInfo.InvariantCulture)));
        }

        return rules;
    }

    /// <summary>conntrack -L lines by the original direction's source port: the packets each way (0 without accounting).</summary>
    internal static Dictionary<string, (long Original, long Reply)> Tracked(string list)
    {
        var tracked = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var line in list.Split('\n').Where(l => l.StartsWith("tcp", StringComparison.Ordinal)))
        {
            var sport = SourcePort().Match(line);
            if (!sport.Success)
            {
                continue;
            }

            var packets = Packets().Matches(line).Select(p => long.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            tracked[sport.Groups[1].Value] = (packets.ElementAtOrDefault(0), packets.ElementAtOrDefault(1));
        }

        return tracked;
    }

    private static async Task<string> RunAsync(string netns, CancellationToken ct, params string[] args)
    {
        var r = await LabProcess.RunAsync(LabTools.Require("ip"), ["netns", "exec", netns, LabTools.Require(args[0]), .. args[1..]], timeout: TimeSpan.FromSeconds(20), cancellationToken: ct).ConfigureAwait(false);
        return r.Ok ? r.Stdout : throw new LabException($"{string.Join(' ', args)} in {netns} failed ({r.ExitCode}): {r.Stderr.Trim()}");
    }

    [GeneratedRegex(@"^\[(?<pk>\d+):(?<by>\d+)\] -A (?<chain>\S+) (?<rest>.*)$")]
    private static partial Regex CounterLine();

    [GeneratedRegex(@"\bsport=(\d+)")]
    private static partial Regex SourcePort();

    [GeneratedRegex(@"\bpackets=(\d+)")]
    private static partial Regex Packets();

    internal sealed record CountedRule(string Key, string Chain, string Text, long Packets, long Bytes);
}
