using Companion.Core.Model;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary><c>#!lab capture</c>, <c>#!lab trace</c> and <c>#!lab scale</c>: the kernel's own view, measured on the lab or replayed.</summary>
public sealed partial class LabMagicRunner
{
    public Task<object> CaptureAsync(LabCaptureCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if ((command.Pod is null) == (command.Node is null))
        {
            throw new MagicException("say where to capture: --pod NAMESPACE/POD or --node NODE");
        }

        if (command.Seconds is <= 0 or > 600 || command.Count is < 1 or > LabCapture.MaxCount)
        {
            throw new MagicException($"--seconds must be between 0 and 600, --count between 1 and {LabCapture.MaxCount}");
        }

        if (command.Lookup is not null && command.Pod is null)
        {
            throw new MagicException("--lookup NAME needs --pod (the lookup is made from that pod)");
        }

        var request = Line("capture", [], ("--pod", command.Pod), ("--node", command.Node), ("--iface", command.Iface), ("--count", Number(command.Count)),
            ("--seconds", Number(command.Seconds)), ("--filter", command.Filter), ("--lookup", command.Lookup));
        return MeasureAsync(request, command.Recorded, async () =>
        {
            var lab = command.Lab ?? services.LabName;
            var topology = await services.Lab.RequireUpAsync(lab, cancellationToken).ConfigureAwait(false);
            var pod = command.Pod is { } p ? topology.FindPod(p) ?? throw new MagicException($"no pod {p} in lab {lab}; see #!lab status") : null;
            var netns = pod?.Netns ?? (topology.Nodes.FirstOrDefault(n => n.Name == command.Node) ?? throw new MagicException($"no node {command.Node} in lab {lab}")).Netns;
            var iface = command.Iface ?? (pod is null ? "any" : "eth0");
            var pcap = command.Out ?? Path.Combine(Path.GetTempPath(), $"c80-{lab}-capture-{DateTime.UtcNow:yyyyMMddHHmmss}.pcap");
            Func<CancellationToken, Task>? traffic = command.Lookup is { } name && pod is not null ? async ct => await LabLookup.GetaddrinfoAsync(pod, name, ct).ConfigureAwait(false) : null;
            var result = await LabCapture.CaptureAsync(netns, iface, command.Count, TimeSpan.FromSeconds(command.Seconds), pcap, command.Filter, traffic, cancellationToken)
                .ConfigureAwait(false);
            var caption = $"tcpdump -i {iface} {command.Filter} in {pod?.Key ?? command.Node}" + (command.Lookup is null ? "" : $", during getaddrinfo(\"{command.Lookup}\")") + $"; pcap: {result.PcapPath}";
            return new LabCaptureReport(result, caption, $"lab: {lab}");
        });
    }

    public Task<object> TraceAsync(IReadOnlyList<string> words, LabTraceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(command);
        if (words.Count != 1)
        {
            throw new MagicException("usage: #!lab trace HOST:PORT --from NS/POD (see --help)");
        }

        var (host, port) = HostPort(words[0]);
        var from = command.From ?? throw new MagicException("--from NS/POD is required");
        return MeasureAsync(Line("trace", [words[0]], ("--from", from)), command.Recorded, async () =>
        {
            var (topology, pod) = await PodAsync(command.Lab, from, cancellationToken).ConfigureAwait(false);
            var status = await services.Lab.StatusAsync(topology.LabName, cancellationToken).ConfigureAwait(false);
            var mode = status.ProxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
            var trace = await LabPacketTracer.TraceAsync(topology, pod, host, port, mode, cancellationToken).ConfigureAwait(false);
            return new LabTraceReport(trace, $"lab: {topology.LabName}, from {pod.Key}");
        });
    }

    public Task<object> ScaleAsync(LabScaleCommand command, Func<IProgress<Core.Dns.ProbeProgress>> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(progress);
        if (command.Services is < 0 or > LabScale.MaxServices || command.Samples is < 1 or > LabTcpProbe.MaxCount)
        {
            throw new MagicException($"--services must be 0-{LabScale.MaxServices} and --samples 1-{LabTcpProbe.MaxCount}");
        }

        var request = Line("scale", [], ("--services", Number(command.Services)), ("--samples", Number(command.Samples)));
        return MeasureAsync(request, command.Recorded, async () =>
        {
            var lab = command.Lab ?? services.LabName;
            var topology = await services.Lab.RequireUpAsync(lab, cancellationToken).ConfigureAwait(false);
            var status = await services.Lab.StatusAsync(lab, cancellationToken).ConfigureAwait(false);
            var mode = status.ProxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
            var points = await LabScale.MeasureAsync(topology, mode, command.Services, command.Samples, new LabProgressBar(progress()), cancellationToken).ConfigureAwait(false);
            var source = $"lab: {lab} ({status.ProxyMode})";
            return new LabScaleReport(points, LabScaleCharts.ToChart(points, source), source);
        });
    }
}
