using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary><c>#!lab fault add | clear</c> and <c>#!lab resolv-options</c>: they change the lab, so on any other source they are one line.</summary>
public sealed partial class LabMagicRunner
{
    /// <summary>The fault kinds, as <c>companion lab fault add</c> names them.</summary>
    public static IReadOnlyCollection<string> FaultKindNames { get; } = [.. LabFaultNames.Kinds.Keys];

    public async Task<object> FaultAsync(IReadOnlyList<string> words, LabFaultCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(command);
        var usage = $"usage: #!lab fault add {string.Join('|', LabFaultNames.Kinds.Keys)} [--percent N] [--all-traffic] [--delay-ms N] [--jitter-ms N] | #!lab fault clear";
        var add = words is ["add", _];
        if (!add && words is not ["clear"])
        {
            throw new MagicException(usage);
        }

        if (add && !LabFaultNames.Kinds.ContainsKey(words[1]))
        {
            throw new MagicException($"unknown fault '{words[1]}'; {usage}");
        }

        if (NoLabHere($"#!lab fault {words[0]}") is { } notice)
        {
            return notice;
        }

        var lab = command.Lab ?? services.LabName;
        var topology = await services.Lab.RequireUpAsync(lab, cancellationToken).ConfigureAwait(false);
        if (!add)
        {
            await LabFaults.ClearAsync(topology, cancellationToken).ConfigureAwait(false);
            return new LabNotice($"lab {lab}: faults cleared");
        }

        var fault = new LabFault(LabFaultNames.Kinds[words[1]], command.Percent, command.DelayMs, command.JitterMs, command.AllTraffic);
        await LabFaults.ApplyAsync(topology, fault, cancellationToken).ConfigureAwait(false);
        var detail = fault.Kind switch
        {
            LabFaultKind.Loss => $" ({fault.Percent} % of {(fault.AllTraffic ? "all packets" : "DNS queries")})",
            LabFaultKind.Delay => $" ({fault.DelayMs} ms ± {fault.JitterMs} ms)",
            _ => "",
        };
        return new LabNotice($"lab {lab}: {words[1]}{detail} injected on {topology.Nodes.Count} nodes; undo with #!lab fault clear");
    }

    public async Task<object> ResolvOptionsAsync(IReadOnlyList<string> options, LabResolvOptionsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(command);
        var podName = command.Pod ?? throw new MagicException("--pod NS/POD is required");
        if (NoLabHere("#!lab resolv-options") is { } notice)
        {
            return notice;
        }

        var (topology, pod) = await PodAsync(command.Lab, podName, cancellationToken).ConfigureAwait(false);
        await LabFaults.SetResolvOptionsAsync(topology, pod, options, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine("/etc/netns", pod.Netns, "resolv.conf");
        return new LabNotice($"{pod.Key}: {path}\n" + await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), Preformatted: true);
    }
}
