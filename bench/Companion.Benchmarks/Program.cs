using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Companion.Benchmarks;

// Modes (scripts/bench.sh drives them):
//   gen --format iptables|nft --services N --out FILE     generator output for the kernel round trip
//   rules --format F --file FILE --services N [--runs R]  grep floor vs read+parse+trace (one JSON line)
//   formatters [--pods N] [--samples N] [--runs R]        formatter times and HTML sizes (JSON lines)
//   bdn [--smoke] [BenchmarkDotNet args]                  BenchmarkDotNet (in-process toolchain; --smoke: dry job)
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "gen":
        await File.WriteAllTextAsync(Arg("--out", "rules.txt"), RuleSets.Generate(Arg("--format", "iptables"), Int("--services", 1000)), cts.Token);
        return 0;
    case "rules":
        return await RulesHarness.RunAsync(Arg("--format", "iptables"), Arg("--file", "rules.txt"), Int("--services", 1000), Int("--runs", 7), cts.Token);
    case "formatters":
        return await FormatterHarness.RunAsync(Int("--pods", 5000), Int("--samples", 10_000), Int("--runs", 9));
    case "bdn":
        var smoke = args.Contains("--smoke");
        if (smoke)
        {
            Environment.SetEnvironmentVariable("COMPANION_BENCH_SMOKE", "1");
        }

        var job = (smoke ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
            .WithArtifactsPath(Arg("--artifacts", Path.Combine("artifacts", "bench", "bdn")))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var rest = args.Skip(1).Where(a => a != "--smoke").ToList();
        var ai = rest.IndexOf("--artifacts");
        if (ai >= 0)
        {
            rest.RemoveRange(ai, Math.Min(2, rest.Count - ai));
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(RuleSets).Assembly).Run(rest.Count == 0 ? ["--filter", "*"] : [.. rest], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    default:
        await Console.Error.WriteLineAsync("usage: Companion.Benchmarks gen|rules|formatters|bdn ...");
        return 2;
}
