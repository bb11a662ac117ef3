using System.Diagnostics;
using System.Text.Json;
using CsCheck;

namespace Companion.Fuzz.Tests.Infra;

/// <summary>
/// Runs one target for a bounded time with CsCheck: mutated seeds and dictionary-generated inputs. Every exception is a
/// crash: it is minimized (bounded), written to corpus/&lt;target&gt;/crash-*.txt and returned. A run that does not end
/// within <see cref="FuzzBudget.HangLimit"/> is a hang; the input it was on is written as a crash file too.
/// </summary>
internal static class FuzzRunner
{
    public static FuzzOutcome Run(FuzzTarget target, int seconds)
    {
        var seeds = target.Seeds.Concat(Corpus.Inputs(target.Name)).Where(s => s.Length <= FuzzBudget.MaxInputChars).ToArray();
        if (seeds.Length == 0)
        {
            seeds = [""];
        }

        var mutated = Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[1, 8], Gen.Int,
            (i, n, r) => Mutator.Mutate(seeds[i], seeds, target.Dictionary, new Random(r), n));
        var generated = Gen.Int.Select(r => Mutator.Generate(target.Dictionary, new Random(r)));
        var gen = target.Generator ?? Gen.Frequency((target.MutationShare, mutated), (10 - target.MutationShare, generated));

        target.Warmup?.Invoke();
        var run = new Session(target, Corpus.KnownSignatures(target.Name));
        // FUZZ_SEED=N (CI): the same input sequence on every run, a regression gate that cannot turn red by luck;
        // without it (scripts/fuzz.sh), CsCheck explores with a fresh random seed each run.
        var seeded = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : (int?)null;
        var worker = new Thread(() =>
        {
            if (seeded is { } s)
            {
                run.Seeded(s, seconds, random => target.Make is { } make ? make(random)
                    : random.Next(10) < target.MutationShare
                        ? Mutator.Mutate(seeds[random.Next(seeds.Length)], seeds, target.Dictionary, new Random(random.Next()), random.Next(1, 9))
                        : Mutator.Generate(target.Dictionary, new Random(random.Next())));
            }
            else
            {
                run.Sample(gen, seconds);
            }
        }) { IsBackground = true, Name = "fuzz " + target.Name };
        worker.Start();
        string? hang = null;
        if (!worker.Join(FuzzBudget.HangLimit(seconds)))
        {
            hang = Corpus.WriteCrash(target.Name, run.Current ?? "");
        }

        run.Error?.Throw();
        var outcome = new FuzzOutcome(target.Name, seconds, Interlocked.Read(ref run.Iterations), [.. run.Crashes], Interlocked.Read(ref run.KnownHits), hang);
        Report(outcome);
        return outcome;
    }

    /// <summary>Replays one input; returns the exception it causes (null: fine), failing after <paramref name="limit"/>.</summary>
    public static async Task<Exception?> ReplayAsync(FuzzTarget target, string input, TimeSpan limit)
    {
        var task = Task.Factory.StartNew(() => target.Check(input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await task.WaitAsync(limit);
            return null;
        }
        catch (TimeoutException)
        {
            return new TimeoutException($"{target.Name}: the input did not finish within {limit.TotalSeconds:0} s (hang)");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static void Report(FuzzOutcome outcome)
    {
        TestContext.Current.SendDiagnosticMessage(outcome.Summary);
        if (Environment.GetEnvironmentVariable(FuzzBudget.ReportVariable) is { Length: > 0 } file)
        {
            var line = JsonSerializer.Serialize(new
            {
                target = outcome.Target,
                seconds = outcome.Seconds,
                iterations = outcome.Iterations,
                crashes = outcome.Crashes.Count,
                knownHits = outcome.KnownHits,
                hung = outcome.Hung,
                signatures = outcome.Crashes.Select(c => c.Signature).ToArray(),
            });
            File.AppendAllText(file, line + "\n");
        }
    }

    private sealed class Session(FuzzTarget target, IReadOnlySet<string> known)
    {
        public long Iterations;
        public long KnownHits;
        private readonly Dictionary<string, Crash> _bySignature = new(StringComparer.Ordinal);

        public IEnumerable<Crash> Crashes => _bySignature.Values;

        public volatile string? Current;

        public System.Runtime.ExceptionServices.ExceptionDispatchInfo? Error { get; private set; }

        public void Sample(Gen<string> gen, int seconds)
        {
            try
            {
                gen.Sample(Step, iter: long.MaxValue, time: seconds, threads: 1, print: s => s.Length > 200 ? s[..200] + "…" : s);
            }
            catch (Exception ex)
            {
                Error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            }
        }

        public void Seeded(int seed, int seconds, Func<Random, string> next)
        {
            try
            {
                var random = new Random(seed);
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
                {
                    Step(next(random));
                }
            }
            catch (Exception ex)
            {
                Error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            }
        }

        private void Step(string input)
        {
            Current = input;
            Interlocked.Increment(ref Iterations);
            try
            {
                target.Check(input);
            }
            catch (Exception ex)
            {
                var signature = Crash.SignatureOf(ex);
                if (known.Contains(signature))
                {
                    Interlocked.Increment(ref KnownHits);
                }
                else if (!_bySignature.ContainsKey(signature))
                {
                    // generated command lines are short, and cutting characters out of them could drop the safety options
                    var minimal = target.Generator is null ? Minimize(input, signature) : input;
                    var file = Corpus.WriteCrash(target.Name, minimal);
                    _bySignature[signature] = new Crash(target.Name, signature, OneLine(ex.Message), Crash.StackOf(ex), minimal, file);
                }
            }
        }

        /// <summary>Drops lines, then characters, while the same signature still fails; at most a few seconds.</summary>
        private string Minimize(string input, string signature)
        {
            var clock = Stopwatch.StartNew();
            var budget = TimeSpan.FromSeconds(3);
            bool Same(string candidate)
            {
                try
                {
                    target.Check(candidate);
                    return false;
                }
                catch (Exception ex)
                {
                    return Crash.SignatureOf(ex) == signature;
                }
            }

            var best = input;
            foreach (var separator in new[] { "\n", "" })
            {
                var parts = separator.Length == 0 ? best.Select(c => c.ToString()).ToList() : [.. best.Split('\n')];
                if (separator.Length == 0 && parts.Count > 4000)
                {
                    break;
                }

                for (var chunk = Math.Max(1, parts.Count / 2); chunk >= 1 && clock.Elapsed < budget; chunk /= 2)
                {
                    for (var i = 0; i + chunk <= parts.Count && clock.Elapsed < budget;)
                    {
                        var candidate = parts.Take(i).Concat(parts.Skip(i + chunk)).ToList();
                        if (Same(string.Join(separator, candidate)))
                        {
                            parts = candidate;
                        }
                        else
                        {
                            i += chunk;
                        }
                    }
                }

                best = string.Join(separator, parts);
            }

            return best;
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
