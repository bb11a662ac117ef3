using System.Globalization;
using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

public sealed partial class LabController
{
    /// <summary>
    /// Builds the lab. Idempotent: a lab that is fully up with the same model and mode is left as is; anything else
    /// under that name (a half-built lab, another model) is torn down first.
    /// </summary>
    public async Task<LabTopology> UpAsync(LabUpOptions options, IProgress<LabProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var missing = LabPrivileges.Missing(options.ProxyMode == ProxyMode.Nftables);
        if (missing is not null)
        {
            throw new LabException(missing);
        }

        var topology = Plan(options.LabName, options.ModelJson, options.ModelSource);
        var mode = ModeName(options.ProxyMode);
        var existing = Store.Load(options.LabName);
        if (existing is not null)
        {
            var status = await StatusAsync(options.LabName, cancellationToken).ConfigureAwait(false);
            if (status.Up && existing.ModelJson == options.ModelJson && existing.ProxyMode == mode)
            {
                progress?.Report(new LabProgress("already up", 1, 1));
                return topology;
            }
        }

        await DownAsync(options.LabName, progress, cancellationToken).ConfigureAwait(false);
        var state = new LabState(options.LabName, mode, PhaseCreating, options.ModelJson, options.ModelSource, [], [], [], [], DateTimeOffset.UtcNow);
        Store.Save(state);
        var build = new LabBuild(this, topology, state, progress, cancellationToken);
        try
        {
            await build.RunAsync(options.ProxyMode).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or LabException or IOException or UnauthorizedAccessException)
        {
            // Interrupted or failed part-way: remove what was built, so nothing is left behind; then report the cause.
            progress?.Report(new LabProgress(e is OperationCanceledException ? "cancelled: removing what was built" : "failed: removing what was built", 0, 1));
            await DownAsync(options.LabName, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        Store.Save(state with { Phase = PhaseUp });
        return topology;
    }

    /// <summary>One run of `up`: records each thing in the state file, then creates it.</summary>
    private sealed class LabBuild(LabController owner, LabTopology topology, LabState state, IProgress<LabProgress>? progress, CancellationToken ct)
    {
        private readonly string _ip = LabTools.Require("ip");
        private readonly string _runDir = owner.Store.RunDirFor(topology.LabName);
        private int _done;

        private int Total => 3 + topology.Nodes.Count + topology.Pods.Count + topology.Nodes.Count + topology.Pods.Count;

        public async Task RunAsync(ProxyMode mode)
        {
            Step("run directory");
            Record(state.Dirs, _runDir);
            Directory.CreateDirectory(_runDir);
            var script = Path.Combine(_runDir, "podserver.py");
            Record(state.Files, script);
            await File.WriteAllTextAsync(script, LabPodServer.Script, ct).ConfigureAwait(false);

            Step("fabric " + topology.FabricNetns);
            await AddNetnsAsync(topology.FabricNetns).ConfigureAwait(false);
            await BatchAsync(topology.FabricNetns, "link set lo up", "link add fabric type bridge", "link set fabric up").ConfigureAwait(false);
            foreach (var node in topology.Nodes)
            {
                Step("node " + node.Name);
                await AddNodeAsync(node).ConfigureAwait(false);
            }

            foreach (var pod in topology.Pods)
            {
                Step("pod " + pod.Key);
                await AddPodAsync(pod).ConfigureAwait(false);
            }

            var snapshot = LabSnapshotBuilder.Build(topology, mode);
            foreach (var node in topology.Nodes)
            {
                Step("kube-proxy rules on " + node.Name);
                await LoadRulesAsync(snapshot, node, mode).ConfigureAwait(false);
            }

            foreach (var pod in topology.Pods)
            {
                Step((pod.IsClusterDns ? "dnsmasq in " : "server in ") + pod.Key);
                await (pod.IsClusterDns ? StartDnsAsync(pod) : StartServerAsync(pod, script)).ConfigureAwait(false);
            }

            Step("waiting for servers");
            await LabReadiness.WaitAsync(topology, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        }

        private void Step(string what) => progress?.Report(new LabProgress(what, ++_done, Total));

        private void Record(List<string> list, string item)
        {
            ct.ThrowIfCancellationRequested();
            if (!list.Contains(item))
            {
                list.Add(item);
                owner.Store.Save(state);
            }
        }

        private async Task AddNetnsAsync(string netns)
        {
            Record(state.Netns, netns);
            await RunAsync("netns", "add", netns).ConfigureAwait(false);
        }

        private async Task AddNodeAsync(LabNode node)
        {
            await AddNetnsAsync(node.Netns).ConfigureAwait(false);
            await RunAsync("link", "add", "eth0", "netns", node.Netns, "type", "veth", "peer", "name", node.FabricPeer, "netns", topology.FabricNetns).ConfigureAwait(false);
            await BatchAsync(topology.FabricNetns, $"link set {node.FabricPeer} master fabric", $"link set {node.FabricPeer} up").ConfigureAwait(false);
            var routes = topology.Nodes.Where(n => n != node).Select(n => $"route add {n.PodCidr} via {n.InternalIp} dev eth0");
            await BatchAsync(node.Netns, new[]
            {
                "link set lo up", $"addr add {node.InternalIp}/{node.FabricPrefix.ToString(CultureInfo.InvariantCulture)} dev eth0", "link set eth0 up",
                $"link add {node.Bridge} type bridge", $"addr add {node.Gateway}/24 dev {node.Bridge}", $"link set {node.Bridge} up",
            }.Concat(routes).ToArray()).ConfigureAwait(false);
            await RunAsync("netns", "exec", node.Netns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                "net.bridge.bridge-nf-call-iptables=1", "net.netfilter.nf_conntrack_acct=1").ConfigureAwait(false);
        }

        private async Task AddPodAsync(LabPod pod)
        {
            var node = topology.Nodes.First(n => n.Name == pod.NodeName);
            await AddNetnsAsync(pod.Netns).ConfigureAwait(false);
            await RunAsync("link", "add", pod.NodeVeth, "netns", node.Netns, "type", "veth", "peer", "name", "eth0", "netns", pod.Netns).ConfigureAwait(false);
            await BatchAsync(node.Netns, $"link set {pod.NodeVeth} master {node.Bridge}", $"link set {pod.NodeVeth} type bridge_slave hairpin on", $"link set {pod.NodeVeth} up").ConfigureAwait(false);
            await BatchAsync(pod.Netns, "link set lo up", $"addr add {pod.Ip}/24 dev eth0", "link set eth0 mtu 1500 up", $"route add default via {node.Gateway} dev eth0").ConfigureAwait(false);
            if (!pod.IsClusterDns)
            {
                await WriteResolvConfAsync(pod).ConfigureAwait(false);
            }
        }

        private async Task WriteResolvConfAsync(LabPod pod)
        {
            if (!Directory.Exists("/etc/netns"))
            {
                Record(state.Dirs, "/etc/netns");
                await File.WriteAllTextAsync(owner.Store.EtcNetnsMarker, topology.LabName + "\n", ct).ConfigureAwait(false);
                Directory.CreateDirectory("/etc/netns");
            }

            var dir = Path.Combine("/etc/netns", pod.Netns);
            Record(state.Dirs, dir);
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, "resolv.conf");
            Record(state.Files, file);
            await File.WriteAllTextAsync(file, LabDnsConfig.PodResolvConf(topology, pod), ct).ConfigureAwait(false);
        }

        private async Task LoadRulesAsync(ClusterSnapshot snapshot, LabNode node, ProxyMode mode)
        {
            var rules = owner.ProxyRules?.Generate(snapshot, topology, node, mode);
            if (rules is null)
            {
                progress?.Report(new LabProgress($"no kube-proxy rule generator: {node.Name} has no Service DNAT", _done, Total));
                return;
            }

            var tool = mode == ProxyMode.Nftables ? LabTools.Require("nft") : LabTools.Require("iptables-restore");
            string[] args = mode == ProxyMode.Nftables ? ["-f", "-"] : [];
            await LabProcess.RunCheckedAsync(_ip, new[] { "netns", "exec", node.Netns, tool }.Concat(args), rules, StepTimeout, ct).ConfigureAwait(false);
        }

        private async Task StartDnsAsync(LabPod pod)
        {
            var pid = Path.Combine(_runDir, "dnsmasq.pid");
            var log = Path.Combine(_runDir, "dnsmasq.log");
            Record(state.Files, pid);
            Record(state.Files, log);
            var dnsmasq = LabTools.Require("dnsmasq");
            await RunAsync(new[] { "netns", "exec", pod.Netns, dnsmasq }.Concat(LabDnsConfig.DnsmasqArguments(topology, pid, log)).ToArray()).ConfigureAwait(false);
            if (int.TryParse((await File.ReadAllTextAsync(pid, ct).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                state.Pids.Add(p);
                owner.Store.Save(state);
            }
        }

        private async Task StartServerAsync(LabPod pod, string script)
        {
            var ports = pod.Ports.Where(p => p.Protocol == "TCP").Select(p => p.Port.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
            if (ports.Count == 0)
            {
                return;
            }

            var python = LabTools.Require("python3");
            var args = new[] { "-c", "setsid \"$@\" </dev/null >/dev/null 2>&1 & echo $!", "sh", _ip, "netns", "exec", pod.Netns, python, script, pod.Name, pod.Ip }.Concat(ports);
            var output = await LabProcess.RunCheckedAsync("/bin/sh", args, timeout: StepTimeout, cancellationToken: ct).ConfigureAwait(false);
            if (int.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                state.Pids.Add(pid);
                owner.Store.Save(state);
            }
        }

        private Task BatchAsync(string netns, params string[] commands) =>
            LabProcess.RunCheckedAsync(_ip, ["-n", netns, "-batch", "-"], string.Join('\n', commands) + "\n", StepTimeout, ct);

        private Task RunAsync(params string[] args) => LabProcess.RunCheckedAsync(_ip, args, timeout: StepTimeout, cancellationToken: ct);
    }
}
