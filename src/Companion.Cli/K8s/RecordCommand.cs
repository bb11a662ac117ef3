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
        var command = new Command("record", "Capture a recording of a live cluster: raw API JSON as returned, plus manifest.json.") { output, nodes, allow };
        command.Options.Add(o.Kubeconfig);
        command.Options.Add(o.Context);
        command.Options.Add(o.InCluster);
        command.Options.Add(o.TimeoutMs);
        command.Options.Add(o.Json);
        command.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
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
