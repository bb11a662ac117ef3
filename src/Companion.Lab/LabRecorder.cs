using System.Text.Json;
using Companion.Cluster.Recording;
using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// Records a lab that is up: its objects as real API list JSON, node dumps (iptables-save / nft list ruleset, resolv.conf,
/// local addresses) and measured results (DNS probes, a TCP probe to the 3-replica Service, and the walkthrough's experiments:
/// getaddrinfo under the 5 s DNS stall fault per resolv.conf option, connects, loss, a kernel trace; see LabRecorderExperiments;
/// and, on a second lab in kube-proxy's other mode, iptables vs nftables connects, rule counters and the scale experiment; see
/// LabRecorderModes),
/// written into a hidden staging directory that is renamed into place at the end.
/// </summary>
public static class LabRecorder
{
    /// <summary>Runs a DNS probe from a pod and returns its <c>--json</c> output (a DnsProbeRun).</summary>
    public delegate Task<string> DnsProbe(LabPod pod, string name, int count, CancellationToken cancellationToken);

    public static readonly IReadOnlyList<(string Label, string[] Options)> StallVariants =
        [("default", []), ("single-request-reopen", ["single-request-reopen"]), ("timeout-1", ["timeout:1"]), ("use-vc", ["use-vc"])];

    public static async Task<RecordingManifest> RecordAsync(
        LabController controller, string labName, DirectoryInfo output, string captureCommand, DnsProbe dnsProbe,
        LabRecordOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dnsProbe);
        ArgumentNullException.ThrowIfNull(options);
        var status = await controller.StatusAsync(labName, cancellationToken).ConfigureAwait(false);
        var topology = status.Topology ?? throw new LabException($"lab {labName} is not up; run `companion lab up` first.");
        var source = new LabClusterSource(labName, controller);
        var snapshot = await source.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        var raw = LabRecorderApiObjects.ToRaw(snapshot);
        var dumps = new List<NodeDump>();
        foreach (var node in topology.Nodes)
        {
            if (await source.GetNodeDumpAsync(node.Name, cancellationToken).ConfigureAwait(false) is { } dump)
            {
                var resolv = Path.Combine("/etc/netns", node.Netns, "resolv.conf");
                dumps.Add(dump with { ResolvConf = File.Exists(resolv) ? await File.ReadAllTextAsync(resolv, cancellationToken).ConfigureAwait(false) : null });
            }
        }

        var measurements = await MeasureAsync(controller, topology, status.ProxyMode, dnsProbe, options, progress, cancellationToken).ConfigureAwait(false);
        output.Refresh();
        if (output.Exists || File.Exists(output.FullName))
        {
            throw new LabException($"{output.FullName} already exists; choose a new --out directory");
        }

        var parent = output.Parent ?? throw new LabException($"{output.FullName} has no parent directory");
        var staging = new DirectoryInfo(Path.Combine(parent.FullName, $".{output.Name}.lab-{Guid.NewGuid():N}"));
        staging.Create();
        try
        {
            var inner = new DirectoryInfo(Path.Combine(staging.FullName, output.Name));
            var manifest = await ClusterRecorder.WriteAsync(raw, dumps, inner, $"lab {labName} (network namespaces, companion lab up --proxy-mode {status.ProxyMode})",
                captureCommand, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            foreach (var dump in dumps.Where(d => d.LocalAddresses is { Count: > 0 }))
            {
                await File.WriteAllTextAsync(Path.Combine(inner.FullName, "nodes", dump.NodeName, "local-addresses.txt"), string.Join('\n', dump.LocalAddresses!) + "\n", cancellationToken).ConfigureAwait(false);
            }

            foreach (var m in measurements)
            {
                await RecordedMeasurements.WriteAsync(inner, m, cancellationToken).ConfigureAwait(false);
            }

            inner.MoveTo(output.FullName);
            return manifest;
        }
        finally
        {
            staging.Refresh();
            if (staging.Exists)
            {
                staging.Delete(recursive: true);
            }
        }
    }

    private static async Task<List<RecordedMeasurement>> MeasureAsync(LabController controller, LabTopology topology, string? proxyMode, DnsProbe dnsProbe, LabRecordOptions o, IProgress<string>? progress, CancellationToken ct)
    {
        var pod = topology.FindPod(o.FromPod) ?? topology.Pods.FirstOrDefault(p => p.Deployment == o.FromPod) ?? throw new LabException($"no pod {o.FromPod} in lab {topology.LabName}");
        var service = topology.Services.FirstOrDefault(s => s.Name == o.Service) ?? throw new LabException($"no Service {o.Service} in lab {topology.LabName}");
        var fqdn = $"{service.Name}.{service.Namespace}.svc.{topology.ClusterDomain}";
        var list = new List<RecordedMeasurement>();
        foreach (var (label, name) in new[] { ("short", service.Name), ("svc-ns", $"{service.Name}.{service.Namespace}"), ("fqdn", fqdn), ("trailing-dot", fqdn + ".") })
        {
            progress?.Report($"dns probe {name} x{o.DnsCount}");
            list.Add(Measure($"dns-{label}", "DnsProbeRun", $"companion lab probe dns {name} --from {pod.Key} --count {o.DnsCount} --json",
                await dnsProbe(pod, name, o.DnsCount, ct).ConfigureAwait(false), null));
        }

        var port = service.Ports[0].Port;
        progress?.Report($"tcp probe {service.Name}:{port} x{o.TcpCount}");
        var tcp = await LabTcpProbe.ProbeAsync(topology, pod, service.Name, port, o.TcpCount, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        list.Add(Measure("tcp-" + service.Name, "LabTcpProbeRun", $"companion lab probe tcp {service.Name}:{port} --from {pod.Key} --count {o.TcpCount} --json",
            JsonSerializer.Serialize(tcp, RecordedMeasurementJson.Options), null));

        var mode = proxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
        list.AddRange(await LabRecorderExperiments.MeasureAsync(topology, pod, service, mode, o.StallCount, progress, ct).ConfigureAwait(false));
        list.AddRange(await LabRecorderModes.MeasureAsync(controller, topology, pod, service, mode, o, progress, ct).ConfigureAwait(false));
        return list;
    }

    private static RecordedMeasurement Measure(string name, string kind, string command, string json, string? note)
    {
        using var doc = JsonDocument.Parse(json);
        return new RecordedMeasurement(name, kind, DateTimeOffset.UtcNow, command, doc.RootElement.Clone(), note);
    }
}
