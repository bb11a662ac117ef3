using System.CommandLine;
using Companion.Core.Model;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>`companion lab up | status | down | probe`.</summary>
public static class LabCommands
{
    internal static readonly Option<string> NameOption = new("--name")
    {
        Description = "The lab's name (netns prefix c80-<name>_).",
        DefaultValueFactory = _ => Core.Lab.LabTopologyBuilder.DefaultLabName,
    };

    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var lab = new Command("lab", "The network-namespace lab: a small Kubernetes data plane on this machine's kernel.");
        lab.Add(Up(io));
        lab.Add(Status(io));
        lab.Add(Down(io));
        lab.Add(LabProbeCommands.Create(io));
        lab.Add(LabFaultCommands.Fault(io));
        lab.Add(LabFaultCommands.ResolvOptions(io));
        lab.Add(LabCaptureCommand.Create(io));
        lab.Add(LabTraceCommand.Create(io));
        lab.Add(LabScaleCommand.Create(io));
        return lab;
    }

    private static Command Up(CliIo io)
    {
        var model = new Option<FileInfo?>("--model") { Description = "A lab model file (JSON); default: the built-in model." };
        var mode = new Option<string>("--proxy-mode") { Description = "iptables or nftables.", DefaultValueFactory = _ => "iptables" };
        mode.AcceptOnlyFromAmong("iptables", "nftables");
        var json = new Option<bool>("--json") { Description = "Print the status as JSON when up." };
        var command = new Command("up", "Build the lab (idempotent): nodes, pods, kube-proxy rules, kube-dns, pod servers.") { NameOption, model, mode, json };
        command.SetAction(async (parse, ct) => await Run(io, async () =>
        {
            var name = parse.GetValue(NameOption)!;
            var file = parse.GetValue(model);
            var text = file is null ? LabDefaults.ModelJson() : await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
            var options = new LabUpOptions(name, text, file?.FullName ?? "built-in lab-model.json",
                parse.GetValue(mode) == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables);
            var progress = new SyncProgress<LabProgress>(p => io.Error.WriteLine($"lab up: [{p.Done}/{p.Total}] {p.Step}"));
            var controller = LabDefaults.Controller();
            var topology = await controller.UpAsync(options, progress, ct).ConfigureAwait(false);
            var status = await controller.StatusAsync(name, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                io.WriteJson(LabStatusJson.From(status));
            }
            else
            {
                io.Out.WriteLine($"lab {name} is up: {topology.Nodes.Count} nodes, {topology.Pods.Count} pods, {topology.Services.Count} services ({status.ProxyMode})");
            }

            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Status(CliIo io)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("status", "Is the lab up, and what is in it.") { NameOption, json };
        command.SetAction(async (parse, ct) => await Run(io, async () =>
        {
            var status = await LabDefaults.Controller().StatusAsync(parse.GetValue(NameOption)!, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                io.WriteJson(LabStatusJson.From(status));
            }
            else
            {
                io.Out.WriteLine(status.Up ? $"lab {status.LabName} is up ({status.ProxyMode})" : $"lab {status.LabName} is down{(status.Phase is null ? "" : $" (left {status.Phase}; run `companion lab down`)")}");
            }

            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Down(CliIo io)
    {
        var command = new Command("down", "Remove every namespace, link, process and file the lab made, even after an interrupted up.") { NameOption };
        command.SetAction(async (parse, ct) => await Run(io, async () =>
        {
            var name = parse.GetValue(NameOption)!;
            var removed = await LabDefaults.Controller().DownAsync(name, null, ct).ConfigureAwait(false);
            io.Out.WriteLine(removed ? $"lab {name} is down" : $"lab {name} was not up");
            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    internal static async Task<int> Run(CliIo io, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (LabException e)
        {
            return io.Fail(e.Message);
        }
        catch (IOException e)
        {
            return io.Fail(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return io.Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return io.Fail("cancelled", 130);
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
