using Companion.Fuzz.Tests.Infra;
using Companion.Fuzz.Tests.Targets;

namespace Companion.Fuzz.Tests;

public sealed class ParserFuzzTests
{
    public static TheoryData<string> Targets => [.. AllTargets.Names];

    public sealed class Every_parser_and_tracer
    {
        [Theory]
        [MemberData(nameof(Targets), MemberType = typeof(ParserFuzzTests))]
        public void survives_mutated_and_generated_inputs_for_its_time_budget(string name)
        {
            // Given
            if (Environment.GetEnvironmentVariable("FUZZ_TARGETS") is { Length: > 0 } only && !only.Split(' ').Contains(name))
            {
                Assert.Skip($"not in FUZZ_TARGETS ({only})");
            }

            var target = AllTargets.Get(name);

            // When
            var outcome = FuzzRunner.Run(target, FuzzBudget.Seconds(target.DefaultSeconds));

            // Then
            outcome.Hung.Should().BeFalse(outcome.Summary);
            outcome.Iterations.Should().BeGreaterThan(0, "the target must actually run");
            outcome.Crashes.Should().BeEmpty("every crash is a finding (input kept in corpus/{0}): {1}", name,
                string.Join(" | ", outcome.Crashes.Select(c => c.ToString())));
        }
    }
}
