using System.CommandLine;
using System.Globalization;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>`companion lab probe tcp | dns`: measured inside a lab pod.</summary>
internal static class LabProbeCommands
{
    public static Command Create(CliIo io)
    {
        var probe = new Command("probe", "Measure from inside a lab pod.");
        probe.Add(Tcp(io));
        probe.Add(Dns(io));
        return probe;
    }

    private static Option<string> From() => new("--from") { Description = "The pod to measure from: NAMESPACE/POD.", Required = true };

    private static Option<int> Count() => new("--count") { Description = "How many samples (1-10000).", DefaultValueFactory = _ => 1 };

    private static Command Tcp(CliIo io)
    {
        var target = new Argument<string>("target") { Description = "HOST:PORT (an IP, a Service name as the pod would write it, or a pod name)." };
        var from = From();
        var count = Count();
        var timeout = new Option<int>("--timeout-ms") { Description = "Per-connect timeout.", DefaultValueFactory = _ => 2000 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("tcp", "TCP connect latency from a pod, and which endpoint answered.") { target, LabCommands.NameOption, from, count, timeout, json };
        command.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var text = parse.GetValue(target)!;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return io.Fail($"'{text}' is not HOST:PORT", 2);
            }

            var timeoutMs = parse.GetValue(timeout);
            if (timeoutMs is < 1 or > 60_000)
            {
                return io.Fail("--timeout-ms must be between 1 and 60000", 2);
            }

            var (topology, pod) = await PodAsync(parse.GetValue(LabCommands.NameOption)!, parse.GetValue(from)!, ct).ConfigureAwait(false);
            var run = await LabTcpProbe.ProbeAsync(topology, pod, text[..colon], port, parse.GetValue(count), TimeSpan.FromMilliseconds(timeoutMs), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                io.WriteJson(run);
            }
            else
            {
                foreach (var (endpoint, hits) in run.ByEndpoint().OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    io.Out.WriteLine($"{endpoint}\t{hits}");
                }

                var failed = run.Samples.Where(s => !s.Ok).GroupBy(s => s.Error ?? "failed").Select(g => $"{g.Key} {g.Count()}");
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"count {run.Summary.Count}  failed {run.Samples.Count(s => !s.Ok)} {string.Join(", ", failed)}  p50 {run.Summary.P50Ms:0.###} ms  p99 {run.Summary.P99Ms:0.###} ms  max {run.Summary.MaxMs:0.###} ms"));
            }

            return run.Samples.Any(s => s.Ok) ? 0 : 1;
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Dns(CliIo io)
    {
        var name = new Argument<string>("name") { Description = "The name to look up, as the pod's application would." };
        var from = From();
        var count = Count();
        var json = new Option<bool>("--json") { Description = "Print JSON (the same shape as `companion dns probe --json`)." };
        var command = new Command("dns", "DNS lookups from a pod with its own resolv.conf, query by query.") { name, LabCommands.NameOption, from, count, json };
        command.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var (_, pod) = await PodAsync(parse.GetValue(LabCommands.NameOption)!, parse.GetValue(from)!, ct).ConfigureAwait(false);
            var result = await LabDnsProbe.RunAsync(pod, parse.GetValue(name)!, parse.GetValue(count), parse.GetValue(json), ct).ConfigureAwait(false);
            io.Out.Write(result.Stdout);
            if (!result.Ok)
            {
                return io.Fail(result.Stderr.Trim().Length > 0 ? result.Stderr.Trim() : $"dns probe in {pod.Key} failed ({result.ExitCode})", result.ExitCode);
            }

            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    private static async Task<(Core.Lab.LabTopology Topology, Core.Lab.LabPod Pod)> PodAsync(string lab, string from, CancellationToken ct)
    {
        var topology = await LabDefaults.Controller().RequireUpAsync(lab, ct).ConfigureAwait(false);
        var pod = topology.FindPod(from) ?? throw new LabException($"no pod {from} in lab {lab}; see `companion lab status`");
        return (topology, pod);
    }
}
