namespace Companion.Core.Charts;

/// <summary>One request's journey as cumulative steps against a latency budget (the talk's "80 ms").</summary>
/// <param name="Title">The chart title.</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="BudgetMs">The budget drawn as a line.</param>
/// <param name="Source">Which source produced the timings; shown under the chart.</param>
public sealed record WaterfallChart(string Title, IReadOnlyList<WaterfallStep> Steps, double BudgetMs, string Source)
{
    /// <summary>The talk's budget.</summary>
    public const double DefaultBudgetMs = 80;

    /// <summary>The sum of every step.</summary>
    public double TotalMs => Steps.Sum(s => s.Ms);
}
