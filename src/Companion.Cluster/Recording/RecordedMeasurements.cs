namespace Companion.Cluster.Recording;

/// <summary>
/// The measured results stored in a recording's <c>measurements/</c> folder, read by name, so a notebook on a recording
/// can show "recorded &lt;date&gt;" numbers. A missing folder is an empty set.
/// </summary>
public sealed class RecordedMeasurements(DirectoryInfo recording)
{
    private readonly string _dir = Path.Combine(recording?.FullName ?? throw new ArgumentNullException(nameof(recording)), RecordedMeasurement.DirectoryName);

    /// <summary>The stored measurement names, sorted.</summary>
    public IReadOnlyList<string> Names =>
        System.IO.Directory.Exists(_dir)
            ? [.. System.IO.Directory.GetFiles(_dir, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Where(RecordedMeasurement.IsValidName).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The measurement called <paramref name="name"/>; null if there is none.</summary>
    /// <exception cref="ClusterAccessException">The file exists but is not a measurement (one line naming the file).</exception>
    public RecordedMeasurement? Get(string name)
    {
        if (!RecordedMeasurement.IsValidName(name))
        {
            throw ClusterAccessException.BadRecording(name, "not a measurement name");
        }

        var path = Path.Combine(_dir, name + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        var parsed = RecordedMeasurement.Parse(File.ReadAllText(path), path);
        return parsed.Value ?? throw ClusterAccessException.BadRecording(path, parsed.Diagnostics[0].Message);
    }

    /// <summary>The measurement's result as <typeparamref name="T"/>; null if absent or of another shape.</summary>
    public T? Read<T>(string name)
        where T : class => Get(name)?.ResultAs<T>();

    /// <summary>Every measurement, by name.</summary>
    public IReadOnlyList<RecordedMeasurement> All() => [.. Names.Select(n => Get(n)!)];

    /// <summary>Writes one measurement file into a recording directory being built (before its manifest is final).</summary>
    public static async Task WriteAsync(DirectoryInfo recording, RecordedMeasurement measurement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(measurement);
        if (!RecordedMeasurement.IsValidName(measurement.Name))
        {
            throw ClusterAccessException.BadRecording(measurement.Name, "not a measurement name");
        }

        var dir = System.IO.Directory.CreateDirectory(Path.Combine(recording.FullName, RecordedMeasurement.DirectoryName));
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, measurement.Name + ".json"), measurement.ToJson(), cancellationToken).ConfigureAwait(false);
    }
}
