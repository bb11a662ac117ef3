using Companion.Cluster;
using Companion.Cluster.Live;
using Companion.Cluster.Recording;
using Companion.Cluster.Sources;
using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab.Chapters;

/// <summary>
/// What every chapter's setup cell did in 30-40 lines: pick the source (COMPANION_SOURCE = lab | recording | live; default
/// the lab where it can run, else the shipped recording), on the lab bring it up if it is not (idempotent) and clear
/// injected faults, read the recording's measurements, and at the end leave the lab as it was found.
/// </summary>
public sealed class ChapterSession
{
    /// <summary>The client pod the lab chapters measure from; a lab that is up without it is brought up with the default model.</summary>
    public const string ShopClientPod = "shop/frontend-0";

    /// <summary>lab | recording | live.</summary>
    public const string SourceVariable = "COMPANION_SOURCE";

    private ChapterSession(string source, string labName, DirectoryInfo? recordingDir, LabController labs)
    {
        Source = source;
        LabName = labName;
        RecordingDir = recordingDir;
        Labs = labs;
    }

    /// <summary>lab, recording or live (trimmed, lower case).</summary>
    public string Source { get; private set; }

    /// <summary>COMPANION_LAB, else "companion".</summary>
    public string LabName { get; }

    /// <summary>COMPANION_RECORDING, else notebooks/recordings/lab-default found from the working directory; null if none.</summary>
    public DirectoryInfo? RecordingDir { get; }

    /// <summary>Builds, inspects and removes labs (with kube-proxy's rule generators).</summary>
    public LabController Labs { get; }

    /// <summary>The lab's topology once <see cref="OpenLabAsync"/> ran on the lab source; null on a recording or live cluster.</summary>
    public LabTopology? Topology { get; private set; }

    /// <summary>Whether the lab was already up before this chapter (then <see cref="CloseAsync"/> leaves it up).</summary>
    public bool LabWasUp { get; private set; }

    /// <summary>The lab's kube-proxy mode (iptables unless the lab found up says nftables).</summary>
    public ProxyMode LabMode { get; private set; } = ProxyMode.Iptables;

    /// <summary>Picks the source without touching the lab. Arguments override the environment (tests, or a chapter that chooses).</summary>
    public static ChapterSession Choose(string? source = null, string? labName = null, string? startDirectory = null, LabController? labs = null)
    {
        source ??= Environment.GetEnvironmentVariable(SourceVariable);
        if (string.IsNullOrWhiteSpace(source))
        {
            source = LabPrivileges.Missing(false) is null ? "lab" : "recording";
        }

        labName ??= Environment.GetEnvironmentVariable("COMPANION_LAB");
        return new ChapterSession(
            source.Trim().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(labName) ? LabTopologyBuilder.DefaultLabName : labName.Trim(),
            RecordingLocator.Find(startDirectory),
            labs ?? new LabController(proxyRules: LabProxyRules.Instance));
    }

    /// <summary><see cref="Choose"/> then <see cref="OpenLabAsync"/>: the one call of a chapter's setup cell.</summary>
    public static async Task<ChapterSession> OpenAsync(CancellationToken cancellationToken, string? requiredPod = ShopClientPod)
    {
        var session = Choose();
        await session.OpenLabAsync(cancellationToken, requiredPod).ConfigureAwait(false);
        return session;
    }

    /// <summary>Switches the source before <see cref="OpenLabAsync"/> (a chapter's "choose the source here" cell).</summary>
    public ChapterSession WithSource(string? source)
    {
        if (!string.IsNullOrWhiteSpace(source))
        {
            Source = source.Trim().ToLowerInvariant();
        }

        return this;
    }

    /// <summary>
    /// On the lab source: the lab's status; up with the default model if it is down (or up without <paramref name="requiredPod"/>);
    /// then every injected fault cleared, so the chapter starts from a healthy data path. Any other source: nothing.
    /// </summary>
    public async Task OpenLabAsync(CancellationToken cancellationToken, string? requiredPod = ShopClientPod)
    {
        if (Source != "lab")
        {
            return;
        }

        var status = await Labs.StatusAsync(LabName, cancellationToken).ConfigureAwait(false);
        LabWasUp = status.Up;
        LabMode = status.ProxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
        Topology = status.Topology is { } found && (requiredPod is null || found.FindPod(requiredPod) is not null)
            ? found
            : await Labs.UpAsync(new LabUpOptions(LabName, LabDefaultModel.Json(), "the default lab model"), null, cancellationToken).ConfigureAwait(false);
        await LabFaults.ClearAsync(Topology, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cluster source the chapter reads (lab, live, or the recording); throws a one-line error when there is none.</summary>
    public IClusterSource ClusterSource() => Source switch
    {
        "lab" => new LabClusterSource(LabName, Labs),
        "live" => LiveClusterSource.Connect(new LiveClusterOptions()),
        "recording" when RecordingDir is not null => new RecordedClusterSource(RecordingDir),
        "recording" => throw new ClusterAccessException($"{SourceVariable}=recording but no recording was found (set {RecordingLocator.RecordingVariable})"),
        _ => throw new ClusterAccessException($"{SourceVariable} must be lab, recording or live, not '{Source}'"),
    };

    /// <summary>The line a lab chapter shows under its setup cell: the source, and on the lab its size and whether it was up.</summary>
    public string SourceLine => Topology is null
        ? $"source: {Source} — this chapter measures on the lab; on a recording each lab cell shows what the lab recorded, or says in one line that it was not recorded"
        : $"source: lab {LabName} ({(LabWasUp ? "was already up" : "brought up by this notebook")}), {Topology.Nodes.Count} nodes, {Topology.Pods.Count} pods, measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC";

    /// <summary>One line for a lab cell that has nothing to show on this source.</summary>
    public string NoLab(string what) => $"{what}: needs the lab (Linux + root); source is {Source}, and this recording carries no lab measurement of this.";

    /// <summary>A measurement the recording holds (only on the recording source), or null.</summary>
    public RecordedMeasurement? Recorded(string name) =>
        Source == "recording" && RecordingDir is not null ? new RecordedMeasurements(RecordingDir).Get(name) : null;

    /// <summary>"recorded &lt;date&gt; UTC from &lt;recording&gt; (&lt;name&gt;: &lt;command&gt;)[; note]".</summary>
    public string RecordedLabel(RecordedMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return $"recorded {measurement.CapturedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC from {RecordingDir?.Name} ({measurement.Name}: {measurement.Command}){(measurement.Note is { } n ? "; " + n : "")}";
    }

    /// <summary>
    /// Leaves the lab as the chapter found it: faults cleared, <paramref name="resetResolvConfOf"/> pods back to kubelet's
    /// resolv.conf, and down again if this chapter brought it up. Returns the line the last cell shows.
    /// </summary>
    public async Task<string> CloseAsync(CancellationToken cancellationToken, params string[] resetResolvConfOf)
    {
        if (Topology is null)
        {
            return $"no lab was used: nothing to restore (source {Source})";
        }

        await LabFaults.ClearAsync(Topology, cancellationToken).ConfigureAwait(false);
        foreach (var key in resetResolvConfOf)
        {
            if (Topology.FindPod(key) is { } pod)
            {
                await LabFaults.SetResolvOptionsAsync(Topology, pod, [], cancellationToken).ConfigureAwait(false);
            }
        }

        if (!LabWasUp)
        {
            await Labs.DownAsync(LabName, null, cancellationToken).ConfigureAwait(false);
        }

        return $"lab {LabName}: faults cleared; " + (LabWasUp ? "left up, as it was found" : "taken down again");
    }
}
