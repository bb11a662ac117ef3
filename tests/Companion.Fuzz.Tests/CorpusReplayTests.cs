using Companion.Fuzz.Tests.Infra;
using Companion.Fuzz.Tests.Targets;

namespace Companion.Fuzz.Tests;

public sealed class CorpusReplayTests
{
    /// <summary>Every corpus file of every target: (target, file name).</summary>
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in AllTargets.Names)
        {
            foreach (var file in Corpus.Files(name))
            {
                data.Add(name, Path.GetFileName(file));
            }
        }

        return data;
    }

    public sealed class Every_corpus_input
    {
        [Theory]
        [MemberData(nameof(Files), MemberType = typeof(CorpusReplayTests))]
        public async Task replays_without_a_crash(string name, string file)
        {
            // Given
            var path = Path.Combine(Corpus.Directory(name), file);
            var input = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);

            // When
            var failure = await FuzzRunner.ReplayAsync(AllTargets.Get(name), input, TimeSpan.FromSeconds(60));

            // Then
            if (failure is not null && Corpus.SkipReason(path) is { } reason)
            {
                Assert.Skip($"known finding, still failing: {reason} ({Crash.SignatureOf(failure)})");
            }

            failure.Should().BeNull($"{name}/{file} once crashed: {(failure is null ? "" : Crash.SignatureOf(failure) + ": " + failure.Message)}");
        }
    }
}
