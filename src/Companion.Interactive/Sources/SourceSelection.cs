using Companion.Cluster;
using Companion.Cluster.Live;
using Companion.Cluster.Recording;
using Companion.Cluster.Sources;
using Companion.Lab;

namespace Companion.Interactive.Sources;

/// <summary>
/// The cluster source a session starts with: COMPANION_SOURCE (lab, recording or live) when set; else the lab where it can run
/// (Linux with CAP_NET_ADMIN) — selected, never brought up here; else the shipped recording (COMPANION_RECORDING, or
/// notebooks/recordings/lab-default — the recording with measured results — found from the current directory). Never throws:
/// a problem is one line.
/// </summary>
public static class SourceSelection
{
    public const string SourceVariable = "COMPANION_SOURCE";
    public const string RecordingVariable = RecordingLocator.RecordingVariable;

    /// <summary>The shipped recording a session replays by default: made by `companion record --lab`, so it carries measurements.</summary>
    public const string DefaultRecordingName = RecordingLocator.DefaultRecordingName;

    public static (IClusterSource? Source, string? Problem) PickDefault(string labName, LabController lab, string? startDirectory = null)
    {
        var asked = Environment.GetEnvironmentVariable(SourceVariable)?.Trim().ToLowerInvariant();
        try
        {
            return asked switch
            {
                "lab" => (new LabClusterSource(labName, lab), null),
                "recording" => FindRecording(startDirectory) is { } dir
                    ? (new RecordedClusterSource(dir), null)
                    : (null, $"{SourceVariable}=recording but no recording was found (set {RecordingVariable} or run #!k8s connect --recording DIR)"),
                "live" => (LiveClusterSource.Connect(new LiveClusterOptions()), null),
                null or "" => Automatic(labName, lab, startDirectory),
                _ => (null, $"{SourceVariable} must be lab, recording or live, not '{asked}'"),
            };
        }
        catch (ClusterAccessException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// COMPANION_RECORDING, else notebooks/recordings/lab-default (or, when a recordings folder has none, its first recording
    /// by name) with a manifest.json, in the nearest recordings/ or notebooks/recordings/ at or above the directory.
    /// </summary>
    public static DirectoryInfo? FindRecording(string? startDirectory = null) => RecordingLocator.Find(startDirectory);

    private static (IClusterSource?, string?) Automatic(string labName, LabController lab, string? startDirectory)
    {
        if (LabPrivileges.IsRoot())
        {
            return (new LabClusterSource(labName, lab), null);
        }

        return FindRecording(startDirectory) is { } dir
            ? (new RecordedClusterSource(dir), null)
            : (null, "no cluster source: the lab cannot run here and no recording was found; run #!k8s connect --recording DIR or --context C");
    }
}
