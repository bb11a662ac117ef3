using System.CommandLine;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>`companion lab fault add KIND | clear` and `companion lab resolv-options`.</summary>
internal static class LabFaultCommands
{
    public static Command Fault(CliIo io)
    {
        var fault = new Command("fault", "Inject faults into the lab's nodes, and undo them.");
        var kind = new Argument<string>("kind") { Description = "dns-second-packet, loss, br-netfilter-off, hairpin-off or delay (needs netem)." };
        kind.AcceptOnlyFromAmong([.. LabFaultNames.Kinds.Keys]);
        var percent = new Option<int>("--percent") { Description = "Loss percentage (loss).", DefaultValueFactory = _ => 20 };
        var all = new Option<bool>("--all-traffic") { Description = "Loss on every packet, not only DNS queries." };
        var delay = new Option<int>("--delay-ms") { Description = "Delay (delay).", DefaultValueFactory = _ => 50 };
        var jitter = new Option<int>("--jitter-ms") { Description = "Jitter (delay)." };
        var add = new Command("add", "Inject a fault in every node namespace.") { kind, LabCommands.NameOption, percent, all, delay, jitter };
        add.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var lab = parse.GetValue(LabCommands.NameOption)!;
            var topology = await LabDefaults.Controller().RequireUpAsync(lab, ct).ConfigureAwait(false);
            var f = new LabFault(LabFaultNames.Kinds[parse.GetValue(kind)!], parse.GetValue(percent), parse.GetValue(delay), parse.GetValue(jitter), parse.GetValue(all));
            await LabFaults.ApplyAsync(topology, f, ct).ConfigureAwait(false);
            io.Out.WriteLine($"lab {lab}: {parse.GetValue(kind)} injected on {topology.Nodes.Count} nodes; undo with `companion lab fault clear`");
            return 0;
        }).ConfigureAwait(false));
        var clear = new Command("clear", "Remove every fault.") { LabCommands.NameOption };
        clear.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var lab = parse.GetValue(LabCommands.NameOption)!;
            await LabFaults.ClearAsync(await LabDefaults.Controller().RequireUpAsync(lab, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            io.Out.WriteLine($"lab {lab}: faults cleared");
            return 0;
        }).ConfigureAwait(false));
        fault.Add(add);
        fault.Add(clear);
        return fault;
    }

    public static Command ResolvOptions(CliIo io)
    {
        var pod = new Option<string>("--pod") { Description = "NAMESPACE/POD.", Required = true };
        var options = new Argument<string[]>("options") { Description = "resolv.conf options to add after ndots:5 (none: kubelet's file).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("resolv-options", "Rewrite a pod's resolv.conf with extra options (single-request-reopen, timeout:1, use-vc...).") { options, LabCommands.NameOption, pod };
        command.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var lab = parse.GetValue(LabCommands.NameOption)!;
            var topology = await LabDefaults.Controller().RequireUpAsync(lab, ct).ConfigureAwait(false);
            var target = topology.FindPod(parse.GetValue(pod)!) ?? throw new LabException($"no pod {parse.GetValue(pod)} in lab {lab}");
            await LabFaults.SetResolvOptionsAsync(topology, target, parse.GetValue(options) ?? [], ct).ConfigureAwait(false);
            io.Out.Write(await File.ReadAllTextAsync(Path.Combine("/etc/netns", target.Netns, "resolv.conf"), ct).ConfigureAwait(false));
            return 0;
        }).ConfigureAwait(false));
        return command;
    }
}
