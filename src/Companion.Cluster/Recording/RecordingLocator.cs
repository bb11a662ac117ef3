namespace Companion.Cluster.Recording;

/// <summary>
/// Where the shipped recording is: COMPANION_RECORDING, else notebooks/recordings/lab-default (or, when a recordings folder has
/// none, its first recording by name) with a manifest.json, in the nearest recordings/ or notebooks/recordings/ at or above
/// the directory. The same rule as the extension's default source (Companion.Interactive.Sources.SourceSelection).
/// </summary>
public static class RecordingLocator
{
    public const string RecordingVariable = "COMPANION_RECORDING";
    public const string DefaultRecordingName = "lab-default";

    public static DirectoryInfo? Find(string? startDirectory = null)
    {
        if (Environment.GetEnvironmentVariable(RecordingVariable) is { Length: > 0 } env)
        {
            return new DirectoryInfo(env);
        }

        for (var dir = new DirectoryInfo(startDirectory ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "recordings"), Path.Combine(dir.FullName, "notebooks", "recordings") })
            {
                if (Directory.Exists(candidate)
                    && Directory.GetDirectories(candidate)
                        .Where(d => File.Exists(Path.Combine(d, RecordingManifest.FileName)))
                        .OrderBy(d => Path.GetFileName(d) == DefaultRecordingName ? 0 : 1).ThenBy(d => d, StringComparer.Ordinal)
                        .FirstOrDefault() is { } found)
                {
                    return new DirectoryInfo(found);
                }
            }
        }

        return null;
    }
}
