using System.Globalization;
using System.Text.Json;
using Companion.Cluster.Recording;
using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// The walkthrough's lab experiments, recorded so a notebook on the recording shows what the lab measured: lookups as an
/// application makes them (glibc getaddrinfo in the pod's netns) healthy and under the dns-second-packet fault with each
/// resolv.conf option, TCP connects to a pod on the same node, another node and the Service, connects under 15 % loss,
/// the kernel's trace of one SYN, tcpdump of one stalled lookup, and the text of the node commands the chapters show.
/// </summary>
internal static class LabRecorderExperiments
{
    /// <summary>getaddrinfo in a loop inside the pod's netns (so process start-up is not timed): wall ms and success per lookup.</summary>
    private const string LookupScript =
        "import json,socket,sys,time\nout=[]\nfor i in range(int(sys.argv[2])):\n t=time.perf_counter()\n try:\n"
        + "  socket.getaddrinfo(sys.argv[1],80,0,socket.SOCK_STREAM); ok=True\n except OSError:\n  ok=False\n"
        + " out.append({'ms':round((time.perf_counter()-t)*1000,2),'ok':ok})\nprint(json.dumps(out))";

    public static async Task<List<RecordedMeasurement>> MeasureAsync(
        LabTopology topology, LabPod pod, LabServiceEntry service, ProxyMode mode, int stallCount, IProgress<string>? progress, CancellationToken ct)
    {
        var list = new List<RecordedMeasurement>();
        var port = service.Ports[0].Port;
        var node = topology.Nodes.Single(n => n.Name == pod.NodeName);
        var backends = topology.Endpoints(service).ToList();
        var sameNode = backends.FirstOrDefault(p => p.NodeName == pod.NodeName);
        var otherNode = backends.FirstOrDefault(p => p.NodeName != pod.NodeName);

        progress?.Report($"getaddrinfo {service.Name} x5 (healthy)");
        list.Add(await LookupsAsync(pod, service.Name, 5, "dns-gai-healthy", [], fault: null, ct).ConfigureAwait(false));
        await RecordStallAsync(topology, pod, service, stallCount, list, progress, ct).ConfigureAwait(false);

        foreach (var (label, target) in new[] { ("tcp-pod-same-node", sameNode), ("tcp-pod-other-node", otherNode) })
        {
            if (target is null)
            {
                continue;
            }

            var targetPort = target.Ports.FirstOrDefault()?.Port ?? port;
            progress?.Report($"tcp probe {target.Ip}:{targetPort} x60");
            var run = await LabTcpProbe.ProbeAsync(topology, pod, target.Ip, targetPort, 60, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            list.Add(Json(label, "LabTcpProbeRun", $"companion lab probe tcp {target.Ip}:{targetPort} --from {pod.Key} --count 60 --json", run,
                $"pod IP of {target.Key} on {target.NodeName} ({(target.NodeName == pod.NodeName ? "same node" : "other node")} as {pod.Key})"));
        }

        list.Add(await CommandAsync("cmd-conntrack-list", $"conntrack -L -p tcp -s {pod.Ip} -d {service.ClusterIp} (node {node.Name})", node.Netns, ct,
            "conntrack", "-L", "-p", "tcp", "-s", pod.Ip, "-d", service.ClusterIp).ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-conntrack-count", $"conntrack -C (node {node.Name})", node.Netns, ct, "conntrack", "-C").ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-conntrack-stats", $"conntrack -S (node {node.Name})", node.Netns, ct, "conntrack", "-S").ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-route-get-pod", $"ip route get {service.ClusterIp} (pod {pod.Key})", pod.Netns, ct, "ip", "route", "get", service.ClusterIp).ConfigureAwait(false));
        foreach (var (label, target) in new[] { ("cmd-route-get-same-node", sameNode), ("cmd-route-get-other-node", otherNode) })
        {
            if (target is not null)
            {
                list.Add(await CommandAsync(label, $"ip route get {target.Ip} (node {node.Name})", node.Netns, ct, "ip", "route", "get", target.Ip).ConfigureAwait(false));
            }
        }

        list.Add(await CommandAsync("cmd-route-show-node", $"ip route show (node {node.Name})", node.Netns, ct, "ip", "route", "show").ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-nft-chains-node", $"nft list chains (node {node.Name})", node.Netns, ct, "nft", "list", "chains").ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-iptables-version", $"iptables --version (node {node.Name})", node.Netns, ct, "iptables", "--version").ConfigureAwait(false));

        if (sameNode is not null)
        {
            await RecordContainerAsync(topology, sameNode, service, list, progress, ct).ConfigureAwait(false);
        }

        progress?.Report($"kernel trace {pod.Key} -> {service.Name}:{port}");
        var trace = await LabPacketTracer.TraceAsync(topology, pod, service.Name, port, mode, ct).ConfigureAwait(false);
        list.Add(Json($"trace-{service.Name}", "LabPacketTrace", $"companion lab trace {service.Name}:{port} --from {pod.Key} --json", trace, null));

        progress?.Report($"tcp probe {service.Name}:{port} x30 under 15 % loss");
        await LabFaults.ApplyAsync(topology, new LabFault(LabFaultKind.Loss, Percent: 15, AllTraffic: true), ct).ConfigureAwait(false);
        try
        {
            var lossy = await LabTcpProbe.ProbeAsync(topology, pod, service.Name, port, 30, TimeSpan.FromSeconds(4), ct).ConfigureAwait(false);
            list.Add(Json($"tcp-{service.Name}-loss-15", "LabTcpProbeRun", $"companion lab probe tcp {service.Name}:{port} --from {pod.Key} --count 30 --timeout-ms 4000 --json", lossy,
                "fault loss 15 % on all traffic (companion lab fault add loss --percent 15 --all-traffic)"));
        }
        finally
        {
            await LabFaults.ClearAsync(topology, CancellationToken.None).ConfigureAwait(false);
        }

        return list;
    }

    /// <summary>Chapter 4: a backend's veth (both ends) and listening socket, and the backend calling its own Service with hairpin on and off.</summary>
    private static async Task RecordContainerAsync(LabTopology topology, LabPod backend, LabServiceEntry service, List<RecordedMeasurement> list, IProgress<string>? progress, CancellationToken ct)
    {
        var node = topology.Nodes.Single(n => n.Name == backend.NodeName);
        list.Add(await CommandAsync("cmd-veth-pod", $"ip -br address show eth0 (pod {backend.Key})", backend.Netns, ct, "ip", "-br", "address", "show", "eth0").ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-veth-node", $"ip -d link show {backend.NodeVeth} (node {node.Name})", node.Netns, ct, "ip", "-d", "link", "show", backend.NodeVeth).ConfigureAwait(false));
        list.Add(await CommandAsync("cmd-listening", $"ss -ltnH (pod {backend.Key})", backend.Netns, ct, "ss", "-ltnH").ConfigureAwait(false));
        var port = service.Ports[0].Port;
        var command = $"companion lab probe tcp {service.Name}:{port} --from {backend.Key} --count 30 --timeout-ms 700 --json";
        progress?.Report($"hairpin: {backend.Key} -> {service.Name}:{port} x30, on and off");
        var on = await LabTcpProbe.ProbeAsync(topology, backend, service.Name, port, 30, TimeSpan.FromMilliseconds(700), ct).ConfigureAwait(false);
        list.Add(Json("tcp-hairpin-on", "LabTcpProbeRun", command, on, $"a backend calling its own Service, hairpin on (self: {backend.Ip})"));
        await LabFaults.ApplyAsync(topology, new LabFault(LabFaultKind.HairpinOff), ct).ConfigureAwait(false);
        try
        {
            var off = await LabTcpProbe.ProbeAsync(topology, backend, service.Name, port, 30, TimeSpan.FromMilliseconds(700), ct).ConfigureAwait(false);
            list.Add(Json("tcp-hairpin-off", "LabTcpProbeRun", command, off, $"fault hairpin-off (companion lab fault add hairpin-off); self: {backend.Ip}"));
        }
        finally
        {
            await LabFaults.ClearAsync(topology, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task RecordStallAsync(LabTopology topology, LabPod pod, LabServiceEntry service, int count, List<RecordedMeasurement> list, IProgress<string>? progress, CancellationToken ct)
    {
        var fault = new LabFault(LabFaultKind.DnsSecondPacket);
        await LabFaults.ApplyAsync(topology, fault, ct).ConfigureAwait(false);
        try
        {
            foreach (var (label, options) in LabRecorder.StallVariants)
            {
                progress?.Report($"getaddrinfo {service.Name} x{count} under dns-second-packet ({label})");
                await LabFaults.SetResolvOptionsAsync(topology, pod, options, ct).ConfigureAwait(false);
                list.Add(await LookupsAsync(pod, service.Name, count, $"dns-stall-{label}", options, "dns-second-packet", ct).ConfigureAwait(false));
            }

            await LabFaults.SetResolvOptionsAsync(topology, pod, [], ct).ConfigureAwait(false);
            progress?.Report($"tcpdump in {pod.Key} during one stalled lookup");
            var pcap = Path.Combine(Path.GetTempPath(), $"c80-{topology.LabName}-record-stall-{Guid.NewGuid():N}.pcap");
            try
            {
                var capture = await LabCapture.CaptureAsync(pod.Netns, "eth0", 10, TimeSpan.FromSeconds(15), pcap, "udp port 53",
                    async token => await RunLookupsAsync(pod, service.Name, 1, token).ConfigureAwait(false), ct).ConfigureAwait(false);
                list.Add(Json("capture-dns-stall", "LabCaptureResult", $"companion lab capture --pod {pod.Key} --filter \"udp port 53\" --count 10 --seconds 15 --lookup {service.Name}",
                    capture with { PcapPath = Path.GetFileName(capture.PcapPath) }, "fault dns-second-packet; one getaddrinfo lookup, kubelet's resolv.conf"));
            }
            finally
            {
                File.Delete(pcap);
            }
        }
        finally
        {
            await LabFaults.SetResolvOptionsAsync(topology, pod, [], CancellationToken.None).ConfigureAwait(false);
            await LabFaults.ClearAsync(topology, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<JsonElement> RunLookupsAsync(LabPod pod, string name, int count, CancellationToken ct)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : LabTools.Require("python3");
        var stdout = await LabProcess.RunCheckedAsync(LabTools.Require("ip"), ["netns", "exec", pod.Netns, python, "-c", LookupScript, name, count.ToString(CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromSeconds(15 + (count * 31)), cancellationToken: ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static async Task<RecordedMeasurement> LookupsAsync(LabPod pod, string name, int count, string label, string[] options, string? fault, CancellationToken ct)
    {
        var samples = await RunLookupsAsync(pod, name, count, ct).ConfigureAwait(false);
        var ms = samples.EnumerateArray().Select(s => s.GetProperty("ms").GetDouble()).Order().ToArray();
        var result = new
        {
            name,
            from = pod.Key,
            resolver = "glibc getaddrinfo (AF_UNSPEC: A and AAAA in parallel on one socket), timed inside the pod's netns",
            resolvOptions = options,
            fault,
            samples,
            summary = new { count = ms.Length, p50Ms = ms.Length == 0 ? 0 : ms[ms.Length / 2], maxMs = ms.Length == 0 ? 0 : ms[^1], failed = samples.EnumerateArray().Count(s => !s.GetProperty("ok").GetBoolean()) },
        };
        var steps = (fault is null ? "" : $"companion lab fault add {fault}; ")
            + $"companion lab resolv-options {string.Join(' ', options)} --pod {pod.Key}; ".Replace("  ", " ", StringComparison.Ordinal);
        return Json(label, "GetaddrinfoRun", $"{steps}getaddrinfo(\"{name}\") x{count} in {pod.Key}", result,
            $"{(fault is null ? "no fault" : "fault " + fault)}; resolv.conf options: {(options.Length == 0 ? "(none: kubelet's file)" : string.Join(' ', options))}");
    }

    private static async Task<RecordedMeasurement> CommandAsync(string label, string command, string netns, CancellationToken ct, params string[] args)
    {
        var tool = LabTools.Require(args[0]);
        var r = await LabProcess.RunAsync(LabTools.Require("ip"), ["netns", "exec", netns, tool, .. args[1..]], timeout: TimeSpan.FromSeconds(20), cancellationToken: ct).ConfigureAwait(false);
        return Json(label, "CommandOutput", command, new { exitCode = r.ExitCode, stdout = r.Stdout, stderr = r.Stderr }, null);
    }

    private static RecordedMeasurement Json<T>(string name, string kind, string command, T value, string? note)
    {
        var element = JsonSerializer.SerializeToElement(value, RecordedMeasurementJson.Options);
        return new RecordedMeasurement(name, kind, DateTimeOffset.UtcNow, command, element, note);
    }
}
