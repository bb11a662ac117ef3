using System.CommandLine;
using Companion.Cluster.Sources;
using Companion.Core.Kube;
using Companion.Core.Rendering;

namespace Companion.Cli.K8s;

/// <summary>`companion k8s get|describe|proxy-mode|dns-config|node-dump`: the CLI twins of #!k8s.</summary>
public static class K8sCommands
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var k8s = new Command("k8s", "Read a cluster (live, lab or recording). Read-only unless --allow-changes.");
        k8s.Subcommands.Add(Get(io));
        k8s.Subcommands.Add(Describe(io));
        k8s.Subcommands.Add(ProxyMode(io));
        k8s.Subcommands.Add(DnsConfig(io));
        k8s.Subcommands.Add(NodeDumpCommand.Create(io));
        return k8s;
    }

    private static Command Get(CliIo io)
    {
        var o = new K8sOptions();
        var kind = new Argument<string>("kind") { Description = "pods, services, endpointslices or nodes." };
        kind.AcceptOnlyFromAmong("pods", "services", "endpointslices", "nodes", "pod", "service", "svc", "endpointslice", "node", "po", "no");
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only this namespace (default: all)." };
        var selector = new Option<string?>("--selector", "-l") { Description = "Label selector, e.g. app=web,tier!=db." };
        var command = new Command("get", "List pods, services, endpoint slices or nodes.") { kind, ns, selector };
        o.AddTo(command);
        command.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
            var parsed = LabelSelector.Parse(r.GetValue(selector));
            if (!parsed.IsValid)
            {
                return io.Fail(parsed.Diagnostics[0].Message, 2);
            }

            var source = o.Open(r);
            using var _ = source as IDisposable;
            var snap = await source.GetSnapshotAsync(r.GetValue(ns), ct).ConfigureAwait(false);
            var src = snap.Source;
            var sel = parsed.Value;
            return r.GetValue(kind) switch
            {
                "pods" or "pod" or "po" => K8sOutput.Write(io, o.Format(r), new { source = src.Describe(), items = Where(snap.Pods, p => sel.Matches(p.Labels)) },
                    () => PodTable.ToHtml(Where(snap.Pods, p => sel.Matches(p.Labels)), src, snap.Nodes), () => PodTable.ToText(Where(snap.Pods, p => sel.Matches(p.Labels)), src, snap.Nodes)),
                "services" or "service" or "svc" => K8sOutput.Write(io, o.Format(r), new { source = src.Describe(), items = Where(snap.Services, s => sel.Matches(s.Labels)) },
                    () => ServiceTable.ToHtml(Where(snap.Services, s => sel.Matches(s.Labels)), snap.EndpointSlices, src), () => ServiceTable.ToText(Where(snap.Services, s => sel.Matches(s.Labels)), snap.EndpointSlices, src)),
                "endpointslices" or "endpointslice" => K8sOutput.Write(io, o.Format(r), new { source = src.Describe(), items = Where(snap.EndpointSlices, s => sel.Matches(s.Labels)) },
                    () => EndpointSliceTable.ToHtml(Where(snap.EndpointSlices, s => sel.Matches(s.Labels)), src), () => EndpointSliceTable.ToText(Where(snap.EndpointSlices, s => sel.Matches(s.Labels)), src)),
                _ => K8sOutput.Write(io, o.Format(r), new { source = src.Describe(), items = Where(snap.Nodes, n => sel.Matches(n.Labels)) },
                    () => NodeTable.ToHtml(Where(snap.Nodes, n => sel.Matches(n.Labels)), src), () => NodeTable.ToText(Where(snap.Nodes, n => sel.Matches(n.Labels)), src)),
            };
        }));
        return command;
    }

    private static Command Describe(CliIo io)
    {
        var o = new K8sOptions();
        var name = new Argument<string>("name") { Description = "The Service name (or namespace/name)." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The Service's namespace (default: default)." };
        var service = new Command("service", "Walk Service → EndpointSlices → Pods → Nodes.") { name, ns };
        service.Aliases.Add("svc");
        o.AddTo(service);
        service.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
            var (space, svc) = SplitName(r.GetValue(name)!, r.GetValue(ns));
            var source = o.Open(r);
            using var _ = source as IDisposable;
            var description = await ClusterQueries.DescribeServiceAsync(source, space, svc, ct).ConfigureAwait(false);
            if (description is null)
            {
                return io.Fail($"service {space}/{svc} not found ({source.Source.Describe()})");
            }

            return K8sOutput.Write(io, o.Format(r), new { source = description.Source.Describe(), description.Service, description.Slices, description.Pods, description.Nodes },
                () => ServiceDescriptionView.ToHtml(description), () => ServiceDescriptionView.ToText(description));
        }));
        return new Command("describe", "Describe an object.") { service };
    }

    private static Command ProxyMode(CliIo io)
    {
        var o = new K8sOptions();
        var command = new Command("proxy-mode", "Detect kube-proxy's mode (iptables, nftables, ipvs, or replaced) from its ConfigMap or DaemonSet.");
        o.AddTo(command);
        command.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
            var source = o.Open(r);
            using var _ = source as IDisposable;
            var snap = await source.GetSnapshotAsync(null, ct).ConfigureAwait(false);
            return K8sOutput.Write(io, o.Format(r), new { source = snap.Source.Describe(), snap.ProxyMode.Mode, snap.ProxyMode.Evidence, snap.ProxyMode.ReplacedBy },
                () => ProxyModeView.ToHtml(snap.ProxyMode, snap.Source), () => ProxyModeView.ToText(snap.ProxyMode, snap.Source));
        }));
        return command;
    }

    private static Command DnsConfig(CliIo io)
    {
        var o = new K8sOptions();
        var pod = new Argument<string?>("pod") { Description = "A pod (name or namespace/name); without it, the cluster DNS set-up.", Arity = ArgumentArity.ZeroOrOne };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The pod's namespace (default: default)." };
        var command = new Command("dns-config", "The cluster DNS set-up, and a pod's effective resolv.conf by kubelet's rules.") { pod, ns };
        o.AddTo(command);
        command.SetAction((r, ct) => K8sOutput.RunAsync(io, async () =>
        {
            var source = o.Open(r);
            using var _ = source as IDisposable;
            var snap = await source.GetSnapshotAsync(null, ct).ConfigureAwait(false);
            EffectivePodDns? effective = null;
            if (r.GetValue(pod) is { } podArg)
            {
                var (space, podName) = SplitName(podArg, r.GetValue(ns));
                effective = await ClusterQueries.GetPodDnsAsync(source, snap, space, podName, ct).ConfigureAwait(false);
                if (effective is null)
                {
                    return io.Fail($"pod {space}/{podName} not found ({snap.Source.Describe()})");
                }
            }

            return K8sOutput.Write(io, o.Format(r), new { source = snap.Source.Describe(), cluster = snap.Dns, pod = effective, resolvConf = effective?.ResolvConf },
                () => DnsConfigView.ToHtml(effective, snap.Dns, snap.Source), () => DnsConfigView.ToText(effective, snap.Dns, snap.Source));
        }));
        return command;
    }

    private static List<T> Where<T>(IEnumerable<T> items, Func<T, bool> keep) => [.. items.Where(keep)];

    internal static (string Namespace, string Name) SplitName(string value, string? @namespace)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (value[..slash], value[(slash + 1)..]) : (@namespace ?? "default", value);
    }
}
