using System.CommandLine;
using System.Globalization;
using Companion.Core.Model;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>`companion lab scale --services N`: connect latency to the first and the last Service rule with N Services loaded.</summary>
internal static class LabScaleCommand
{
    public static Command Create(CliIo io)
    {
        var services = new Option<int>("--services") { Description = "Extra Services to load (0-20000).", DefaultValueFactory = _ => 1000 };
        var samples = new Option<int>("--samples") { Description = "Connects per position (1-10000).", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("scale", "Load N extra Services on the client's node and time connects to the first and the last rule.") { LabCommands.NameOption, services, samples, json };
        command.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var lab = parse.GetValue(LabCommands.NameOption)!;
            var status = await LabDefaults.Controller().StatusAsync(lab, ct).ConfigureAwait(false);
            var topology = status.Topology ?? throw new LabException($"lab {lab} is not up; run `companion lab up` first.");
            var mode = status.ProxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
            var progress = new Progress(p => io.Error.WriteLine($"lab scale: [{p.Done}/{p.Total}] {p.Step}"));
            var points = await LabScale.MeasureAsync(topology, mode, parse.GetValue(services), parse.GetValue(samples), progress, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                io.WriteJson(points);
                return 0;
            }

            foreach (var p in points)
            {
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Mode} {p.Services} services, rule {p.Position}: n={p.Summary.Count} failed={p.Failed} p50 {p.Summary.P50Ms * 1000:0} µs p99 {p.Summary.P99Ms * 1000:0} µs"));
            }

            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    private sealed class Progress(Action<LabProgress> report) : IProgress<LabProgress>
    {
        public void Report(LabProgress value) => report(value);
    }
}
