using Companion.Cluster.Recording;
using Companion.Core.Lab;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>Where a measuring <c>#!lab</c> command goes: the lab, a recording's measurement, or one line on a live cluster.</summary>
public sealed partial class LabMagicRunner
{
    private async Task<object> MeasureAsync(LabCommandLine request, string? recorded, Func<Task<object>> onLab)
    {
        switch (services.Source)
        {
            case RecordedClusterSource recording:
                return RecordedLabReplay.Find(recording.Directory, request, recorded) is { } match
                    ? new LabReplayReport(RecordedLabView.ToView(match), RecordedLabView.ToChart(match))
                    : new LabNotice(RecordedLabReplay.NotRecorded(recording.Directory, request, recorded));
            case null or LabClusterSource:
                return await onLab().ConfigureAwait(false);
            default:
                return new LabNotice($"{request.ToMagic()} measures on the lab only; the current source is {services.Source.Source.Describe()}. "
                    + "#!k8s connect --lab (as root) selects the lab; #!k8s connect --recording DIR shows recorded numbers.");
        }
    }

    private async Task<(LabTopology Topology, LabPod Pod)> PodAsync(string? lab, string from, CancellationToken cancellationToken)
    {
        var name = lab ?? services.LabName;
        var topology = await services.Lab.RequireUpAsync(name, cancellationToken).ConfigureAwait(false);
        var pod = topology.FindPod(from) ?? throw new MagicException($"no pod {from} in lab {name}; see #!lab status");
        return (topology, pod);
    }
}
