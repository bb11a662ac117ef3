using System.CommandLine;
using Companion.Cluster.Live;
using Companion.Cluster.Recording;
using Companion.Core.Security;

namespace Companion.Cli.K8s;

/// <summary>`companion record --context X --out DIR`: capture the raw API JSON and a manifest, atomically.</summary>
public static class RecordCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var o = new K8sOptions();
        var output = new Option<string>("--out") { Description = "The new recording directory (must not exist).", Required = true };
        var nodes = new Option<string[]>("--node-dump") { Description = "Also dump these nodes' rules through a debug pod (needs --allow-changes).", AllowMultipleArgumentsPerToken = true };
        var allow = new Option<bool>("--allow-changes") { Description = "Allow the debug pods that --node-dump needs." };
        var lab = new Option<bool>("--lab") { Description = "Record the lab instead (brought up, and down after, if it is not up): API JSON, node dumps and measured results." };
        var labName = new Option<string>("--lab-name") { Description = "The lab's name.", DefaultValueFactory = _ => Core.Lab.LabTopologyBuilder.DefaultLabName };
        var proxyMode = new Option<string>("--proxy-mode") { Description = "With --lab: iptables or nftables (when the lab is brought up).", DefaultValueFactory = _ => "iptables" };
        proxyMode.AcceptOnlyFromAmong("iptables", "nftables");
        var command = new Command("record", "Capture a recording of a live cluster (or of the lab with --lab): raw API JSON as returned, plus manifest.json.") { output, nodes, allow, lab, labName, proxyMode };
        command.Options.Add(o.Kubeconfig);
        command.Options.Add(o.Context);
        command.Options.Add(o.InCluster);
        command.Options.Add(o.TimeoutMs);
        command.Options.Add(o.Json);
        command.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
            if (r.GetValue(lab))
            {
                var m = await RecordLab.RunAsync(io, r.GetValue(labName)!, r.GetValue(proxyMode)!, new DirectoryInfo(r.GetValue(output)!), ct).ConfigureAwait(false);
                return K8sOutput.Write(io, o.Format(r), m, () => "", () => $"recorded {m.Scenario} ({m.Context}) at {m.CapturedAt:u} into {r.GetValue(output)}\n");
            }

            var dumpNodes = r.GetValue(nodes) ?? [];
            var allowChanges = r.GetValue(allow);
            if (dumpNodes.Length > 0 && !allowChanges)
            {
                foreach (var n in dumpNodes)
                {
                    io.Error.WriteLine(Redactor.Redact(LiveClusterSource.DescribeNodeDump(n)));
                }

                return io.Fail("refused: --node-dump creates debug pods; pass --allow-changes after reviewing the dry-run");
            }

            using var source = LiveClusterSource.Connect(o.LiveOptions(r, allowChanges));
            var commandLine = "companion record" + (r.GetValue(o.Context) is { } c ? $" --context {c}" : "") + $" --out {r.GetValue(output)}";
            var manifest = await ClusterRecorder.RecordAsync(source, new DirectoryInfo(r.GetValue(output)!), commandLine, null, dumpNodes, ct).ConfigureAwait(false);
            return K8sOutput.Write(io, o.Format(r), manifest, () => "", () => $"recorded {manifest.Scenario} ({source.Source.Describe()}) at {manifest.CapturedAt:u} into {r.GetValue(output)}\n");
        }));
        return command;
    }
}
