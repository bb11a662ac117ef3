using System.CommandLine;
using Companion.Cluster;
using Companion.Cluster.Live;
using Companion.Core.Security;

namespace Companion.Cli.K8s;

/// <summary>
/// `companion k8s node-dump NODE`: a node's iptables-save / nft / ipvsadm / resolv.conf. From a recording it reads the
/// stored dump. Live, it needs a privileged debug pod: without --allow-changes it prints the exact pod (dry-run) and refuses.
/// </summary>
internal static class NodeDumpCommand
{
    public static Command Create(CliIo io)
    {
        var o = new K8sOptions();
        var node = new Argument<string>("node") { Description = "The node name." };
        var allow = new Option<bool>("--allow-changes") { Description = "Create (and then delete) the debug pod shown by the dry-run." };
        var image = new Option<string>("--image") { Description = "The debug pod's image.", DefaultValueFactory = _ => NodeDebugPod.DefaultImage };
        var command = new Command("node-dump", "Read a node's kube-proxy rules and resolv.conf (live: needs --allow-changes).") { node, allow, image };
        o.AddTo(command);
        command.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
            var nodeName = r.GetValue(node)!;
            var allowChanges = r.GetValue(allow);
            var source = o.Open(r, allowChanges);
            using var _ = source as IDisposable;
            if (source is LiveClusterSource && !allowChanges)
            {
                io.Error.WriteLine(Redactor.Redact(LiveClusterSource.DescribeNodeDump(nodeName, r.GetValue(image)!)));
                throw ClusterAccessException.ChangesNotAllowed($"creating a debug pod on node {nodeName}");
            }

            var dump = await source.GetNodeDumpAsync(nodeName, ct).ConfigureAwait(false);
            if (dump is null)
            {
                return io.Fail($"no dump for node {nodeName} in {source.Source.Describe()}");
            }

            var text = $"node {dump.NodeName} — {source.Source.Describe()}\n"
                + string.Concat(new[] { ("iptables-save", dump.IptablesSave), ("nft list ruleset", dump.NftRuleset), ("ipvsadm -Ln", dump.IpvsadmList), ("resolv.conf", dump.ResolvConf) }
                    .Where(p => p.Item2 is not null).Select(p => $"### {p.Item1}\n{p.Item2}"));
            return K8sOutput.Write(io, o.Format(r), new { source = source.Source.Describe(), dump },
                () => $"<pre>{Core.Rendering.Html.Encode(text)}</pre>", () => text);
        }));
        return command;
    }
}
