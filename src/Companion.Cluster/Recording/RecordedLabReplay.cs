namespace Companion.Cluster.Recording;

/// <summary>
/// Finds the recorded measurement that answers a lab command on a recording: by name (<c>--recorded NAME</c>), else the
/// measurement whose canonical CLI command (<see cref="LabCommandLine"/>) is the same, else the same request recorded with
/// another sample size. Among several, the one recorded without a note (no fault, no changed resolv.conf) comes first, then
/// by name. Never throws on a recording's content: an unreadable measurement is skipped.
/// </summary>
public static class RecordedLabReplay
{
    /// <summary>The match, or null when the recording has nothing for this command (or no measurement called <paramref name="recordedName"/>).</summary>
    public static RecordedLabMatch? Find(DirectoryInfo recording, LabCommandLine request, string? recordedName)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(request);
        var measurements = new RecordedMeasurements(recording);
        if (recordedName is { Length: > 0 })
        {
            return RecordedMeasurement.IsValidName(recordedName) && Read(measurements, recordedName) is { } named
                ? new RecordedLabMatch(named, recording.Name, true, [])
                : null;
        }

        var wanted = request.Normalize();
        var candidates = new List<(RecordedMeasurement Measurement, bool Exact)>();
        foreach (var name in measurements.Names)
        {
            if (Read(measurements, name) is not { } m || LabCommandLine.Parse(m.Command).Value is not { } recorded)
            {
                continue;
            }

            var normalized = recorded.Normalize();
            if (normalized.SameAs(wanted))
            {
                candidates.Add((m, true));
            }
            else if (normalized.WithoutSampleSize().SameAs(wanted.WithoutSampleSize()))
            {
                candidates.Add((m, false));
            }
        }

        var ordered = candidates.OrderBy(c => c.Exact ? 0 : 1).ThenBy(c => c.Measurement.Note is null ? 0 : 1)
            .ThenBy(c => c.Measurement.Name, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        var best = ordered[0];
        var others = ordered.Skip(1).Where(c => c.Exact == best.Exact).Select(c => c.Measurement.Name).ToArray();
        return new RecordedLabMatch(best.Measurement, recording.Name, best.Exact, others);
    }

    /// <summary>What to say when the recording has nothing for the command: what it needs and what to run.</summary>
    public static string NotRecorded(DirectoryInfo recording, LabCommandLine request, string? recordedName)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(request);
        var names = new RecordedMeasurements(recording).Names;
        request = request.Normalize();
        var missing = recordedName is { Length: > 0 } ? $"no measurement called {recordedName}" : "no measurement of this command";
        return $"{recording.Name} has {missing}: it needs the lab. Run `{request.ToMagic()}` on the lab (#!k8s connect --lab, as root) or `{request.ToCli()}`"
            + (names.Count == 0 ? "." : $"; recorded here: {string.Join(", ", names)}.");
    }

    private static RecordedMeasurement? Read(RecordedMeasurements measurements, string name)
    {
        try
        {
            return measurements.Get(name);
        }
        catch (ClusterAccessException)
        {
            return null;
        }
    }
}
