using System.Globalization;
using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>
/// Injects and removes faults in the node namespaces of a lab that is up. Loss uses nft in prerouting at priority -150
/// (after conntrack, before DNAT); there is no netem on these kernels, and <see cref="LabFaultKind.Delay"/> says so.
/// </summary>
public static class LabFaults
{
    public const string Table = "c80-faults";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task ApplyAsync(LabTopology topology, LabFault fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(fault);
        var ip = LabTools.Require("ip");
        foreach (var node in topology.Nodes)
        {
            switch (fault.Kind)
            {
                case LabFaultKind.DnsSecondPacket:
                case LabFaultKind.Loss:
                    await NftAsync(ip, node, NftRule(fault), cancellationToken).ConfigureAwait(false);
                    break;
                case LabFaultKind.BrNetfilterOff:
                    await LabProcess.RunCheckedAsync(ip, ["netns", "exec", node.Netns, "sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=0"], timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case LabFaultKind.HairpinOff:
                    await HairpinAsync(ip, topology, node, "off", cancellationToken).ConfigureAwait(false);
                    break;
                case LabFaultKind.Delay:
                    await DelayAsync(ip, node, fault, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new LabException($"unknown fault {fault.Kind}");
            }
        }
    }

    /// <summary>Removes every fault: the nft table, netem, and restores br_netfilter and hairpin.</summary>
    public static async Task ClearAsync(LabTopology topology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var ip = LabTools.Require("ip");
        foreach (var node in topology.Nodes)
        {
            if (LabTools.Find("nft") is { } nft)
            {
                await LabProcess.RunAsync(ip, ["netns", "exec", node.Netns, nft, "delete", "table", "ip", Table], timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            if (LabTools.Find("tc") is { } tc)
            {
                await LabProcess.RunAsync(ip, ["netns", "exec", node.Netns, tc, "qdisc", "del", "dev", "eth0", "root"], timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            await LabProcess.RunCheckedAsync(ip, ["netns", "exec", node.Netns, "sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=1"], timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            await HairpinAsync(ip, topology, node, "on", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The nft rule for a loss fault (exposed for tests and for showing the user what is loaded).</summary>
    public static string NftRule(LabFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Kind == LabFaultKind.DnsSecondPacket)
        {
            return "udp dport 53 ct original packets 2 drop";
        }

        if (fault.Percent is < 1 or > 100)
        {
            throw new LabException("--percent must be between 1 and 100");
        }

        var match = fault.AllTraffic ? "" : "udp dport 53 ";
        return $"{match}numgen random mod 100 < {fault.Percent.ToString(CultureInfo.InvariantCulture)} drop";
    }

    /// <summary>Rewrites a pod's resolv.conf with extra options (empty: back to kubelet's file).</summary>
    public static async Task SetResolvOptionsAsync(LabTopology topology, LabPod pod, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(options);
        var bad = options.FirstOrDefault(o => o.Length == 0 || o.Length > 40 || !o.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ':'));
        if (bad is not null)
        {
            throw new LabException($"'{bad}' is not a resolv.conf option (for example single-request-reopen, timeout:1, attempts:2, use-vc)");
        }

        var file = Path.Combine("/etc/netns", pod.Netns, "resolv.conf");
        if (pod.IsClusterDns || !File.Exists(file))
        {
            throw new LabException($"pod {pod.Key} has no lab resolv.conf");
        }

        await File.WriteAllTextAsync(file, LabDnsConfig.PodResolvConf(topology, pod, options), cancellationToken).ConfigureAwait(false);
    }

    private static async Task NftAsync(string ip, LabNode node, string rule, CancellationToken cancellationToken)
    {
        var nft = LabTools.Require("nft");
        var script = $"table ip {Table} {{\n  chain prerouting {{\n    type filter hook prerouting priority -150; policy accept;\n  }}\n}}\nadd rule ip {Table} prerouting {rule}\n";
        await LabProcess.RunCheckedAsync(ip, ["netns", "exec", node.Netns, nft, "-f", "-"], script, Timeout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task HairpinAsync(string ip, LabTopology topology, LabNode node, string onOff, CancellationToken cancellationToken)
    {
        var commands = topology.Pods.Where(p => p.NodeName == node.Name).Select(p => $"link set {p.NodeVeth} type bridge_slave hairpin {onOff}");
        await LabProcess.RunCheckedAsync(ip, ["-n", node.Netns, "-batch", "-"], string.Join('\n', commands) + "\n", Timeout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DelayAsync(string ip, LabNode node, LabFault fault, CancellationToken cancellationToken)
    {
        if (fault.DelayMs is < 1 or > 5000 || fault.JitterMs is < 0 or > 5000)
        {
            throw new LabException("--delay-ms must be 1-5000 and --jitter-ms 0-5000");
        }

        var tc = LabTools.Require("tc");
        var args = new List<string> { "netns", "exec", node.Netns, tc, "qdisc", "replace", "dev", "eth0", "root", "netem", "delay", $"{fault.DelayMs.ToString(CultureInfo.InvariantCulture)}ms" };
        if (fault.JitterMs > 0)
        {
            args.Add($"{fault.JitterMs.ToString(CultureInfo.InvariantCulture)}ms");
        }

        var r = await LabProcess.RunAsync(ip, args, timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!r.Ok)
        {
            throw new LabException(r.Stderr.Contains("unknown", StringComparison.OrdinalIgnoreCase) || r.Stderr.Contains("No such file", StringComparison.Ordinal)
                ? "this kernel has no netem (tc says the qdisc kind is unknown), so the lab cannot add delay or jitter here; loss faults work, delay needs a kernel with sch_netem"
                : $"tc netem failed: {r.Stderr.Trim()}");
        }
    }
}
