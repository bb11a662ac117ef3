namespace Companion.Fuzz.Tests.Infra;

/// <summary>The totals of one bounded fuzz run of one target.</summary>
internal sealed record FuzzOutcome(string Target, int Seconds, long Iterations, IReadOnlyList<Crash> Crashes, long KnownHits, string? HangInputFile)
{
    public bool Hung => HangInputFile is not null;

    public string Summary =>
        $"{Target}: {Iterations} inputs in {Seconds} s, {Crashes.Count} new crash(es), {KnownHits} hit(s) of known findings{(Hung ? ", HUNG on " + HangInputFile : "")}";
}
