using System.Globalization;

namespace Companion.Core.Model;

/// <summary>Which source produced a result: shown on every output so the audience knows whether data is live.</summary>
/// <param name="Kind">Live, lab or recording.</param>
/// <param name="Name">The kubeconfig context, the lab name, or the recording's scenario name.</param>
/// <param name="CapturedAt">For recordings, when the data was captured.</param>
public sealed record SourceInfo(SourceKind Kind, string Name, DateTimeOffset? CapturedAt = null)
{
    /// <summary>"live: kind-talk", "lab: companion", "recorded 2026-11-30 (lab-default)".</summary>
    public string Describe() => Kind switch
    {
        SourceKind.Live => $"live: {Name}",
        SourceKind.Lab => $"lab: {Name}",
        _ => CapturedAt is { } at
            ? $"recorded {at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} ({Name})"
            : $"recorded ({Name})",
    };

    /// <summary>A source for data computed locally with no cluster at all (for example a DNS probe against a given server).</summary>
    public static SourceInfo Local(string name) => new(SourceKind.Lab, name);
}
