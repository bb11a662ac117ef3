using System.CommandLine;
using System.Globalization;
using Companion.Core.Model;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>`companion lab trace HOST:PORT --from NS/POD`: the kernel's trace of one connection next to the static prediction.</summary>
internal static class LabTraceCommand
{
    public static Command Create(CliIo io)
    {
        var target = new Argument<string>("target") { Description = "HOST:PORT (a Service name as the pod would write it, or an IP)." };
        var from = new Option<string>("--from") { Description = "The pod the connection starts in: NAMESPACE/POD.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("trace", "Trace one real connection in the kernel and compare it with the static tracer.") { target, LabCommands.NameOption, from, json };
        command.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var text = parse.GetValue(target)!;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return io.Fail($"'{text}' is not HOST:PORT", 2);
            }

            var lab = parse.GetValue(LabCommands.NameOption)!;
            var controller = LabDefaults.Controller();
            var status = await controller.StatusAsync(lab, ct).ConfigureAwait(false);
            var topology = status.Topology ?? throw new LabException($"lab {lab} is not up; run `companion lab up` first.");
            var pod = topology.FindPod(parse.GetValue(from)!) ?? throw new LabException($"no pod {parse.GetValue(from)} in lab {lab}");
            var mode = status.ProxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
            var trace = await LabPacketTracer.TraceAsync(topology, pod, text[..colon], port, mode, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                io.WriteJson(new { trace.From, trace.Target, trace.Mode, kernel = trace.KernelHits, trace.KernelEndpoint, trace.AnsweredBy, predicted = trace.Prediction.Targets, predictedChains = trace.Prediction.Chains, trace.Differences, trace.Conntrack, trace.Routes });
                return 0;
            }

            io.Out.WriteLine($"{trace.From} -> {trace.Target} ({trace.Mode}): the kernel's trace of the SYN");
            foreach (var h in trace.KernelHits)
            {
                io.Out.WriteLine($"  {h.Table,-11} {h.Chain,-40} {h.Kind,-6} {h.Verdict}");
            }

            io.Out.WriteLine($"DNAT to {trace.KernelEndpoint ?? "(none)"}; answered by {trace.AnsweredBy ?? "(no answer)"}");
            io.Out.WriteLine("predicted: " + string.Join(", ", trace.Prediction.Targets.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Endpoint} {t.Probability:P0}"))));
            io.Out.WriteLine(trace.Differences.Count == 0 ? "kernel and prediction agree" : "DIFFERENCES:\n  " + string.Join("\n  ", trace.Differences));
            io.Out.WriteLine("conntrack: " + trace.Conntrack);
            foreach (var r in trace.Routes)
            {
                io.Out.WriteLine("route " + r);
            }

            return 0;
        }).ConfigureAwait(false));
        return command;
    }
}
