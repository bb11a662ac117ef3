using System.Text.Json;
using Companion.Cluster.Recording;
using Companion.Core.Lab;
using Companion.Core.Model;
using Companion.Core.Statistics;

namespace Companion.Lab;

/// <summary>
/// The recorded experiments that need kube-proxy's other mode: a second lab (the same model, the other mode, named after the
/// recorded lab plus "n" or "i"), brought up here and always taken down. Records connects to the Service in both modes,
/// interleaved (<c>tcp-backend-mode-iptables|nftables</c>); the iptables rule counters around some connects
/// (<c>rule-counters-backend</c>); and the scale experiment at each size in both modes (<c>scale-iptables|nftables-N</c>).
/// </summary>
internal static class LabRecorderModes
{
    /// <summary>The second lab's name: the recorded lab's (cut to 11 characters) plus "n" (nftables) or "i" (iptables).</summary>
    public static string OtherLabName(string labName, ProxyMode otherMode) =>
        labName[..Math.Min(labName.Length, 11)] + (otherMode == ProxyMode.Nftables ? "n" : "i");

    public static async Task<List<RecordedMeasurement>> MeasureAsync(
        LabController controller, LabTopology topology, LabPod pod, LabServiceEntry service, ProxyMode mode, LabRecordOptions o,
        IProgress<string>? progress, CancellationToken ct)
    {
        var list = new List<RecordedMeasurement>();
        var main = new Side(topology, pod, service, mode, "");
        if (!o.NeedsOtherMode)
        {
            if (o.CounterConnects > 0 && mode == ProxyMode.Iptables)
            {
                list.Add(await LabRecorderCounters.MeasureAsync(topology, pod, service, o.CounterConnects, progress, ct).ConfigureAwait(false));
            }

            return list;
        }

        var otherMode = mode == ProxyMode.Nftables ? ProxyMode.Iptables : ProxyMode.Nftables;
        var otherName = OtherLabName(topology.LabName, otherMode);
        var model = controller.Store.Load(topology.LabName) is { ModelJson: { Length: > 0 } json } state ? (json, state.ModelSource) : (LabDefaultModel.Json(), "built-in lab-model.json");
        progress?.Report($"lab up {otherName} ({ModeName(otherMode)}), for the mode comparison and the scale experiment");
        try
        {
            var otherTopology = await controller.UpAsync(new LabUpOptions(otherName, model.Item1, model.Item2, otherMode), null, ct).ConfigureAwait(false);
            var other = new Side(otherTopology,
                otherTopology.FindPod(pod.Key) ?? throw new LabException($"no pod {pod.Key} in lab {otherName}"),
                otherTopology.Services.FirstOrDefault(s => s.Name == service.Name && s.Namespace == service.Namespace) ?? throw new LabException($"no Service {service.Name} in lab {otherName}"),
                otherMode, $" --name {otherName}");
            var (ipt, nft) = mode == ProxyMode.Iptables ? (main, other) : (other, main);
            if (o.ModeRounds > 0)
            {
                list.AddRange(await CompareModesAsync(ipt, nft, o, progress, ct).ConfigureAwait(false));
            }

            if (o.CounterConnects > 0)
            {
                list.Add(await LabRecorderCounters.MeasureAsync(ipt.Topology, ipt.Pod, ipt.Service, o.CounterConnects, progress, ct).ConfigureAwait(false));
            }

            foreach (var n in o.ScaleSizes)
            {
                foreach (var side in new[] { ipt, nft })
                {
                    progress?.Report($"scale: {n} extra Services, {ModeName(side.Mode)} (lab {side.Topology.LabName}), {o.ScaleSamples} connects per rule position");
                    var points = await LabScale.MeasureAsync(side.Topology, side.Mode, n, o.ScaleSamples, null, ct).ConfigureAwait(false);
                    list.Add(Json($"scale-{ModeName(side.Mode)}-{n}", "LabScalePoints", $"companion lab scale --services {n} --samples {o.ScaleSamples}{side.NameOption} --json", points,
                        $"kube-proxy {ModeName(side.Mode)} mode (lab {side.Topology.LabName}); every point's raw connect times are in samplesUs"));
                }
            }
        }
        finally
        {
            progress?.Report($"lab down {otherName}");
            await controller.DownAsync(otherName, null, CancellationToken.None).ConfigureAwait(false);
        }

        return list;
    }

    /// <summary>Connects from the same pod to the same Service on both labs, a round on one then a round on the other, so drift hits both.</summary>
    private static async Task<List<RecordedMeasurement>> CompareModesAsync(Side ipt, Side nft, LabRecordOptions o, IProgress<string>? progress, CancellationToken ct)
    {
        var port = ipt.Service.Ports[0].Port;
        var samples = new Dictionary<Side, List<LabTcpSample>> { [ipt] = [], [nft] = [] };
        for (var round = 0; round < o.ModeRounds; round++)
        {
            progress?.Report($"iptables vs nftables: round {round + 1}/{o.ModeRounds}, {o.ModeCountPerRound} connects to {ipt.Service.Name}:{port} on each lab");
            foreach (var side in new[] { ipt, nft })
            {
                var run = await LabTcpProbe.ProbeAsync(side.Topology, side.Pod, side.Service.Name, port, o.ModeCountPerRound, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                samples[side].AddRange(run.Samples);
            }
        }

        var total = o.ModeRounds * o.ModeCountPerRound;
        return [.. new[] { ipt, nft }.Select(side => Json($"tcp-{side.Service.Name}-mode-{ModeName(side.Mode)}", "LabTcpProbeRun",
            $"companion lab probe tcp {side.Service.Name}:{port} --from {side.Pod.Key} --count {total}{side.NameOption} --json", Run(samples[side]),
            $"kube-proxy {ModeName(side.Mode)} mode (lab {side.Topology.LabName}); {o.ModeRounds} rounds × {o.ModeCountPerRound} connects, interleaved with the "
            + $"{ModeName(side == ipt ? nft.Mode : ipt.Mode)} lab (tcp-{side.Service.Name}-mode-{ModeName(side == ipt ? nft.Mode : ipt.Mode)})"))];
    }

    private static LabTcpProbeRun Run(List<LabTcpSample> samples)
    {
        var ok = samples.Where(s => s.Ok).Select(s => s.Ms).Order().ToList();
        return new LabTcpProbeRun(samples, new LabTcpSummary(samples.Count, ok.Count == 0 ? 0 : Latency.Percentile(ok, 50), ok.Count == 0 ? 0 : Latency.Percentile(ok, 99), ok.Count == 0 ? 0 : ok[^1]));
    }

    private static string ModeName(ProxyMode mode) => mode == ProxyMode.Nftables ? "nftables" : "iptables";

    private static RecordedMeasurement Json<T>(string name, string kind, string command, T value, string? note) =>
        new(name, kind, DateTimeOffset.UtcNow, command, JsonSerializer.SerializeToElement(value, RecordedMeasurementJson.Options), note);

    /// <summary>One lab of the comparison: its topology, the client pod and the Service there, its mode, and "--name X" for its CLI twin.</summary>
    private sealed record Side(LabTopology Topology, LabPod Pod, LabServiceEntry Service, ProxyMode Mode, string NameOption);
}
