using System.Globalization;

namespace Companion.Fuzz.Tests.Infra;

/// <summary>How long each fuzz target runs, and how big an input may get (so every run terminates).</summary>
internal static class FuzzBudget
{
    /// <summary>The environment variable scripts/fuzz.sh sets: seconds per target.</summary>
    public const string SecondsVariable = "FUZZ_SECONDS";

    /// <summary>Where each target appends its totals (one JSON line), when set.</summary>
    public const string ReportVariable = "FUZZ_REPORT";

    /// <summary>Inputs are cut to this many characters.</summary>
    public const int MaxInputChars = 64 * 1024;

    /// <summary>Seconds per target: FUZZ_SECONDS, else <paramref name="fallback"/> (short, so the normal test run stays short).</summary>
    public static int Seconds(int fallback = 3) =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? Math.Min(s, 24 * 3600)
            : fallback;

    /// <summary>How long one target may run before it counts as hung: its budget plus generous slack for a loaded machine.</summary>
    public static TimeSpan HangLimit(int seconds) => TimeSpan.FromSeconds((seconds * 3) + 60);
}
