namespace Companion.Lab;

/// <summary>The result of `lab probe tcp`: every sample and their summary.</summary>
public sealed record LabTcpProbeRun(IReadOnlyList<LabTcpSample> Samples, LabTcpSummary Summary)
{
    /// <summary>How many connects each endpoint answered, for distribution checks.</summary>
    public IReadOnlyDictionary<string, int> ByEndpoint() =>
        Samples.Where(s => s.Ok && s.Endpoint is not null).GroupBy(s => s.Endpoint!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
