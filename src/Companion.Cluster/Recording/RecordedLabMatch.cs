namespace Companion.Cluster.Recording;

/// <summary>
/// A recorded measurement found for a lab command: <paramref name="Exact"/> when its canonical command is the same (else the
/// same request with another sample size), and the other measurements that matched as well (choose one with <c>--recorded</c>).
/// </summary>
public sealed record RecordedLabMatch(RecordedMeasurement Measurement, string Recording, bool Exact, IReadOnlyList<string> Alternatives)
{
    /// <summary>"recorded 2026-11-30 07:39 UTC from lab-default (dns-short)", plus what differs and what else matched.</summary>
    public string Label
    {
        get
        {
            var label = $"recorded {Measurement.CapturedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC from {Recording} ({Measurement.Name}: {Measurement.Command})";
            if (!Exact)
            {
                label += "; recorded with another sample size";
            }

            if (Measurement.Note is { Length: > 0 } note)
            {
                label += "; " + note;
            }

            return Alternatives.Count == 0 ? label : label + $"; also recorded for this command: {string.Join(", ", Alternatives)} (choose with --recorded NAME)";
        }
    }
}
