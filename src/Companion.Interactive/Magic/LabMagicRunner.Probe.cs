using System.Globalization;
using Companion.Cluster.Recording;
using Companion.Core.Dns;
using Companion.Interactive.Views;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary><c>#!lab probe tcp | dns</c>.</summary>
public sealed partial class LabMagicRunner
{
    public Task<object> ProbeAsync(IReadOnlyList<string> words, LabProbeCommand command, Func<int, IProgress<ProbeProgress>> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(progress);
        if (words.Count != 2 || words[0] is not ("tcp" or "dns"))
        {
            throw new MagicException("usage: #!lab probe tcp HOST:PORT --from NS/POD [--count N] | #!lab probe dns NAME --from NS/POD [--count N] (see --help)");
        }

        var from = command.From ?? throw new MagicException("--from NS/POD is required");
        return words[0] == "tcp" ? ProbeTcpAsync(words[1], from, command, cancellationToken) : ProbeDnsAsync(words[1], from, command, progress, cancellationToken);
    }

    private Task<object> ProbeTcpAsync(string target, string from, LabProbeCommand command, CancellationToken cancellationToken)
    {
        var (host, port) = HostPort(target);
        if (command.Count is < 1 or > LabTcpProbe.MaxCount || command.TimeoutMs is < 1 or > 60_000)
        {
            throw new MagicException($"--count must be between 1 and {LabTcpProbe.MaxCount}, --timeout-ms between 1 and 60000");
        }

        var request = Line("probe tcp", [target], ("--from", from), ("--count", Number(command.Count)), ("--timeout-ms", Number(command.TimeoutMs)));
        return MeasureAsync(request, command.Recorded, async () =>
        {
            var (topology, pod) = await PodAsync(command.Lab, from, cancellationToken).ConfigureAwait(false);
            var run = await LabTcpProbe.ProbeAsync(topology, pod, host, port, command.Count, TimeSpan.FromMilliseconds(command.TimeoutMs), cancellationToken)
                .ConfigureAwait(false);
            var source = $"lab: {topology.LabName}, from {pod.Key}";
            return new LabTcpProbeReport(run, run.ToLatencyChart(target, source), run.ToEndpointSplit(target, source), source);
        });
    }

    private Task<object> ProbeDnsAsync(string name, string from, LabProbeCommand command, Func<int, IProgress<ProbeProgress>> progress, CancellationToken cancellationToken)
    {
        if (command.Count is < 1 or > LabDnsProber.MaxCount)
        {
            throw new MagicException($"--count must be between 1 and {LabDnsProber.MaxCount}");
        }

        var request = Line("probe dns", [name], ("--from", from), ("--count", Number(command.Count)));
        return MeasureAsync(request, command.Recorded, async () =>
        {
            var (topology, pod) = await PodAsync(command.Lab, from, cancellationToken).ConfigureAwait(false);
            var bar = command.Count > 1 ? progress(command.Count) : null;
            return await LabDnsProber.ProbeAsync(topology, pod, name, command.Count, ResolverLibc.Glibc, bar, cancellationToken).ConfigureAwait(false);
        });
    }

    private static (string Host, int Port) HostPort(string target)
    {
        var colon = target.LastIndexOf(':');
        return colon <= 0 || !int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            ? throw new MagicException($"'{target}' is not HOST:PORT")
            : (target[..colon], port);
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static LabCommandLine Line(string verb, IReadOnlyList<string> arguments, params (string Key, string? Value)[] options) =>
        new(verb, arguments, options.Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value!, StringComparer.Ordinal));
}
