using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Companion.Core.Proxy;

namespace Companion.Benchmarks;

/// <summary>
/// One rule file (kernel-printed by scripts/bench.sh), one fresh process so the peak working set is this file's:
/// `grep -cF` over the file (the I/O floor, spawned, measured in this run), read+parse, one trace, 1,000 traces.
/// Medians of <c>runs</c>; nothing is asserted.
/// </summary>
public static class RulesHarness
{
    public static async Task<int> RunAsync(string format, string file, int services, int runs, CancellationToken ct)
    {
        var last = RuleSets.Packet(services - 1);
        var packets = Enumerable.Range(0, 1000).Select(k => RuleSets.Packet((int)((long)k * services / 1000))).ToArray();
        // COMPANION_RULES_READ=string measures the old way (File.ReadAllText, then Parse(string)) for a before/after in one
        // run; the default reads the file line by line through Parse(TextReader), as `companion trace --rules` does.
        var readAsString = Environment.GetEnvironmentVariable("COMPANION_RULES_READ") == "string";
        Func<string, object> parse = format == "nft" ? t => NftRulesetParser.Parse(t).Value : t => IptablesSaveParser.Parse(t).Value;
        Func<object> readAndParse = format == "nft"
            ? () => { using var s = OpenBytes(file); return NftRulesetParser.Parse(s).Value; } // the file's bytes, read once, filed lazily
            : Environment.GetEnvironmentVariable("COMPANION_RULES_READ") == "reader"
                ? () => { using var r = OpenFile(file); return IptablesSaveParser.Parse(r).Value; } // session 2: a StreamReader, line by line
                : () => { using var s = OpenBytes(file); return IptablesSaveParser.Parse(s).Value; }; // the file's bytes, read once
        Func<object, PacketSpec, ServiceTrace> trace = format == "nft" ? (r, p) => NftTracer.Trace((NftRuleset)r, p) : (r, p) => IptablesTracer.Trace((IptablesRuleset)r, p);

        var grep = new List<double>();
        var readParseTrace = new List<double>();
        var parseOnly = new List<double>();
        var oneTrace = new List<double>();
        var thousand = new List<double>();
        long allocParse = 0;
        ServiceTrace? lastTrace = null;
        var resolved = 0;
        var firstColdMs = 0.0;
        var readAsync = new List<double>();
        var readSync = new List<double>();
        var dumpTracer = new List<double>();
        for (var run = 0; run < runs + 1; run++)
        {
            grep.Add(await GrepAsync(file, last.Destination, ct));
            var sw = Stopwatch.StartNew();
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            var sw2 = Stopwatch.StartNew();
            object ruleset;
            if (readAsString)
            {
                var text = await File.ReadAllTextAsync(file, ct);
                sw2.Restart();
                alloc = GC.GetAllocatedBytesForCurrentThread();
                ruleset = parse(text);
            }
            else
            {
                // COMPANION_RULES_DEBUG=1 (Linux): per run, the GCs and minor page faults the read+parse caused, on stderr.
                var debug = Environment.GetEnvironmentVariable("COMPANION_RULES_DEBUG") == "1" && OperatingSystem.IsLinux();
                var (g0, g1, g2, f0) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), debug ? MinorFaults() : 0);
                var t0 = Stopwatch.GetTimestamp();
                ruleset = readAndParse(); // parse here includes the streamed read
                if (debug)
                {
                    Console.Error.WriteLine($"run {run}: parse {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F1} ms, gc {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}, minflt {MinorFaults() - f0}, pause total {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
                }
            }

            var parsed = sw2.Elapsed.TotalMilliseconds;
            allocParse = GC.GetAllocatedBytesForCurrentThread() - alloc;
            sw2.Restart();
            lastTrace = trace(ruleset, last);
            var traced = sw2.Elapsed.TotalMilliseconds;
            var total = sw.Elapsed.TotalMilliseconds;
            sw2.Restart();
            resolved = 0;
            foreach (var p in packets)
            {
                resolved += trace(ruleset, p).Targets.Count > 0 ? 1 : 0;
            }

            var k = sw2.Elapsed.TotalMilliseconds;
            if (run == 0)
            {
                firstColdMs = total; // JIT included; reported, kept out of the medians
                continue;
            }

            var sw3 = Stopwatch.StartNew();
            if (readAsString)
            {
                _ = await File.ReadAllTextAsync(file, ct); // what `companion trace --rules FILE` did before it streamed
                readAsync.Add(sw3.Elapsed.TotalMilliseconds);
                sw3.Restart();
                _ = File.ReadAllText(file);
                readSync.Add(sw3.Elapsed.TotalMilliseconds);
            }
            else
            {
                // What `companion trace --rules FILE` does now: detect the format (one streamed pass), parse, trace, diagnostics.
                var (dumpTrace, _) = Environment.GetEnvironmentVariable("COMPANION_RULES_READ") == "reader"
                    ? RuleDumpTracer.Trace(() => OpenFile(file), null, last)
                    : RuleDumpTracer.Trace(() => OpenBytes(file), null, last);
                dumpTracer.Add(sw3.Elapsed.TotalMilliseconds);
                resolved += dumpTrace?.Targets.Count == 3 ? 0 : -1000;
            }
            readParseTrace.Add(total);
            parseOnly.Add(parsed);
            oneTrace.Add(traced);
            thousand.Add(k);
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var info = new FileInfo(file);
        var result = new
        {
            kind = "rules",
            format,
            services,
            file = Path.GetFileName(file),
            bytes = info.Length,
            lines = File.ReadLines(file).LongCount(),
            runs,
            grepMs = Median(grep),
            readParseTraceMs = Median(readParseTrace),
            parseMs = Median(parseOnly),
            oneTraceMs = Median(oneTrace),
            thousandTracesMs = Median(thousand),
            coldFirstReadParseTraceMs = firstColdMs,
            ratioToGrep = Median(readParseTrace) / Median(grep),
            read = readAsString ? "string" : Environment.GetEnvironmentVariable("COMPANION_RULES_READ") == "reader" ? "reader" : "stream",
            readAsyncMs = readAsync.Count > 0 ? Median(readAsync) : (double?)null,
            dumpTracerMs = dumpTracer.Count > 0 ? Median(dumpTracer) : (double?)null,
            readSyncMs = readSync.Count > 0 ? Median(readSync) : (double?)null,
            parsePlusTraceMs = Median(parseOnly) + Median(oneTrace),
            parsePlusTraceRatioToGrep = (Median(parseOnly) + Median(oneTrace)) / Median(grep),
            parseAllocatedMiB = allocParse / 1048576.0,
            peakWorkingSetMiB = self.PeakWorkingSet64 / 1048576.0,
            lastServiceTargets = lastTrace?.Targets.Count ?? 0,
            resolvedOfThousand = resolved,
            loadAverage = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", ct)).Split(' ')[0] : "",
            grepRawMs = grep, readParseTraceRawMs = readParseTrace,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return lastTrace?.Targets.Count == 3 ? 0 : 3;
    }

    private static StreamReader OpenFile(string file) =>
        new(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 64 * 1024 });

    private static FileStream OpenBytes(string file) =>
        new(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0 });

    private static async Task<double> GrepAsync(string file, string needle, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo("grep", ["-cF", needle, file]) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("grep did not start");
        _ = await p.StandardOutput.ReadToEndAsync(timeout.Token);
        await p.WaitForExitAsync(timeout.Token);
        return sw.Elapsed.TotalMilliseconds;
    }

    public static double Median(List<double> xs)
    {
        if (xs.Count == 0)
        {
            return double.NaN;
        }

        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    public static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture); // minflt is field 10; fields here start at field 3
    }
}
