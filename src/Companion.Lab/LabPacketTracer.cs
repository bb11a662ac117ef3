using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Companion.Core.Lab;
using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Lab;

/// <summary>
/// Traces one TCP connection from a pod in the kernel (nft `meta nftrace set 1` + `nft monitor trace`, or an iptables
/// `-j TRACE` rule in raw PREROUTING + `xtables-monitor --trace`) and compares it with the static tracer on the node's
/// real rule dump. The trace rule matches only this pod, this destination and SYN; it is removed afterwards.
/// </summary>
public static partial class LabPacketTracer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    public static async Task<LabPacketTrace> TraceAsync(LabTopology topology, LabPod from, string host, int port, ProxyMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(from);
        var address = LabTcpProbe.Resolve(topology, from, host) ?? throw new LabException($"{host} is neither an IPv4 address nor a Service or pod of the lab");
        var node = topology.Nodes.Single(n => n.Name == from.NodeName);
        var ip = LabTools.Require("ip");
        var nft = mode == ProxyMode.Nftables;
        var dump = await LabProcess.RunCheckedAsync(ip, ["netns", "exec", node.Netns, nft ? LabTools.Require("nft") : LabTools.Require("iptables-save"), .. (nft ? new[] { "list", "ruleset" } : [])],
            timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var packet = new PacketSpec(from.Ip, address.ToString(), "tcp", port, PacketEntry.Network, [node.InternalIp, node.Gateway]);
        var prediction = nft ? NftTracer.Trace(NftRulesetParser.Parse(dump, node.Name).Value, packet) : IptablesTracer.Trace(IptablesSaveParser.Parse(dump, node.Name).Value, packet);

        var match = $"ip saddr {from.Ip} ip daddr {address} tcp dport {port.ToString(CultureInfo.InvariantCulture)} tcp flags syn";
        var iptablesRule = new[] { "-s", from.Ip, "-d", address.ToString(), "-p", "tcp", "--dport", port.ToString(CultureInfo.InvariantCulture), "--syn", "-j", "TRACE" };
        string[] add = nft
            ? ["netns", "exec", node.Netns, LabTools.Require("nft"), $"add table ip c80-trace; add chain ip c80-trace pre {{ type filter hook prerouting priority -350; }}; add rule ip c80-trace pre {match} meta nftrace set 1"]
            : ["netns", "exec", node.Netns, LabTools.Require("iptables"), "-t", "raw", "-I", "PREROUTING", .. iptablesRule];
        string[] remove = nft
            ? ["netns", "exec", node.Netns, LabTools.Require("nft"), "delete table ip c80-trace"]
            : ["netns", "exec", node.Netns, LabTools.Require("iptables"), "-t", "raw", "-D", "PREROUTING", .. iptablesRule];
        string[] monitor = nft
            ? ["netns", "exec", node.Netns, LabTools.Require("nft"), "monitor", "trace"]
            : ["netns", "exec", node.Netns, LabTools.Require("xtables-monitor"), "--trace"];
        await LabProcess.RunCheckedAsync(ip, add, timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        string traceText;
        LabTcpProbeRun probe;
        try
        {
            (traceText, probe) = await MonitorAsync(ip, monitor, topology, from, address, port, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await LabProcess.RunAsync(ip, remove, timeout: Timeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }

        var hits = (nft ? KernelTraceParser.ParseNft(traceText) : KernelTraceParser.ParseXtables(traceText)).Value
            .Where(h => h.Table is not ("c80-trace" or "raw")).ToList();
        var endpoint = KernelTraceParser.DnatTarget(hits);
        var answered = probe.Samples.FirstOrDefault()?.Endpoint;
        var conntrack = await LabProcess.RunAsync(ip, ["netns", "exec", node.Netns, LabTools.Require("conntrack"), "-L", "-p", "tcp", "-s", from.Ip, "-d", address.ToString(), "--dport", port.ToString(CultureInfo.InvariantCulture)],
            timeout: Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var routes = await RoutesAsync(ip, topology, from, node, endpoint, cancellationToken).ConfigureAwait(false);
        return new LabPacketTrace(from.Key, $"{address}:{port.ToString(CultureInfo.InvariantCulture)}", nft ? "nftables" : "iptables", hits, endpoint, answered,
            prediction, Compare(hits, endpoint, answered, prediction), conntrack.Stdout.Trim(), routes);
    }

    /// <summary>What the kernel did that the static tracer did not predict (empty when they agree).</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<KernelTraceHit> hits, string? kernelEndpoint, string? answeredBy, ServiceTrace prediction)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(prediction);
        var differences = new List<string>();
        foreach (var chain in LabPacketTrace.ServiceChains(hits).Where(c => !prediction.Chains.Any(p => p == c || p.EndsWith(c, StringComparison.Ordinal))))
        {
            differences.Add($"the kernel walked chain {chain}, which the static trace did not predict");
        }

        if (kernelEndpoint is null)
        {
            differences.Add("the kernel trace shows no DNAT");
        }
        else if (!prediction.Targets.Any(t => t.Endpoint == kernelEndpoint))
        {
            differences.Add($"the kernel DNATed to {kernelEndpoint}, which is not among the predicted endpoints ({string.Join(", ", prediction.Targets.Select(t => t.Endpoint))})");
        }

        if (answeredBy is not null && kernelEndpoint is not null && answeredBy != kernelEndpoint)
        {
            differences.Add($"the server that answered was {answeredBy}, not the DNAT target {kernelEndpoint}");
        }

        return differences;
    }

    private static async Task<(string Trace, LabTcpProbeRun Probe)> MonitorAsync(string ip, string[] monitor, LabTopology topology, LabPod from, IPAddress address, int port, CancellationToken ct)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(ip) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in monitor)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi) ?? throw new LabException("the trace monitor did not start");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await Task.Delay(400, ct).ConfigureAwait(false);
            var probe = await LabTcpProbe.ProbeAsync(topology, from, address.ToString(), port, 1, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            await Task.Delay(400, ct).ConfigureAwait(false);
            return (await StopAsync(process, output).ConfigureAwait(false), probe);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> StopAsync(System.Diagnostics.Process process, Task<string> output)
    {
        _ = SendSignal(process.Id, 15);
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
        }

        return await output.WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> RoutesAsync(string ip, LabTopology topology, LabPod from, LabNode node, string? endpoint, CancellationToken ct)
    {
        var routes = new List<string>();
        async Task Add(string netns, string label, string destination)
        {
            var r = await LabProcess.RunAsync(ip, ["-n", netns, "route", "get", destination], timeout: Timeout, cancellationToken: ct).ConfigureAwait(false);
            routes.Add($"{label}: {(r.Ok ? r.Stdout : r.Stderr).ReplaceLineEndings(" ").Trim()}");
        }

        var target = endpoint?.Split(':')[0];
        if (target is null)
        {
            return routes;
        }

        await Add(from.Netns, $"pod {from.Key}", target).ConfigureAwait(false);
        await Add(node.Netns, $"node {node.Name}", target).ConfigureAwait(false);
        var backend = topology.Pods.FirstOrDefault(p => p.Ip == target);
        if (backend is not null && backend.NodeName != node.Name)
        {
            var other = topology.Nodes.Single(n => n.Name == backend.NodeName);
            await Add(other.Netns, $"node {other.Name}", target).ConfigureAwait(false);
        }

        return routes;
    }
}
