using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary><c>#!k8s connect | get | describe | proxy-mode | dns-config</c>: the directive tree and thin handlers.</summary>
public sealed class K8sMagic
{
    private readonly K8sMagicRunner _runner;
    private readonly CompanionServices _services;

    private K8sMagic(CompanionServices services)
    {
        _services = services;
        _runner = new K8sMagicRunner(services);
        Root = new KernelActionDirective("#!k8s")
        {
            Description = "Reads the current cluster source (lab, recording or live; read-only). Try #!k8s get --help.",
        };
        Connect = Sub("connect", "Switches the current source: a live cluster (kubeconfig), a recording directory, or the lab.");
        Connect.Parameters.Add(new KernelDirectiveParameter("--context", "Kubeconfig context (default: the current one).").AddCompletions(K8sMagicRunner.ContextNames));
        Connect.Parameters.Add(new KernelDirectiveParameter("--kubeconfig", "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config)."));
        Connect.Parameters.Add(new KernelDirectiveParameter("--namespace", "Default namespace of later commands.").AddCompletions(services.Completions.Namespaces));
        Connect.Parameters.Add(new KernelDirectiveParameter("--recording", "Replay a recording directory (notebooks/recordings/...)."));
        Connect.Parameters.Add(new KernelDirectiveParameter("--lab", "Use the lab (bring it up with #!lab up).") { Flag = true });
        Connect.Parameters.Add(new KernelDirectiveParameter("--timeout-ms", "Timeout of each API call (default 5000).") { TypeHint = "number" });
        Get = Sub("get", "Lists pods, services, endpointslices or nodes, with phase, readiness, restarts, node, zone and endpoint conditions.");
        Get.Parameters.Add(new KernelDirectiveParameter("--kind", "pods, services, endpointslices or nodes.") { AllowImplicitName = true }
            .AddCompletions(() => ["pods", "services", "endpointslices", "nodes"]));
        AddNamespace(Get, "Only this namespace (default: all, or the connect --namespace).");
        Get.Parameters.Add(new KernelDirectiveParameter("--selector", "Label selector, e.g. app=web,tier!=db."));
        Get.Parameters.Add(new KernelDirectiveParameter("-l", "Label selector (short for --selector)."));
        Describe = Sub("describe", "describe service NAME: walks Service → EndpointSlices → Pods → Nodes.");
        Describe.Parameters.Add(new KernelDirectiveParameter("--kind", "service, then the NAME (or ns/name).") { AllowImplicitName = true }
            .AddCompletions(() => ["service"]));
        AddNamespace(Describe, "The Service's namespace (default: default).");
        ProxyMode = Sub("proxy-mode", "Detects kube-proxy's mode (iptables, nftables, ipvs, or replaced) and shows the evidence.");
        DnsConfig = Sub("dns-config", "The cluster DNS set-up; with POD, that pod's effective resolv.conf by kubelet's rules.");
        DnsConfig.Parameters.Add(new KernelDirectiveParameter("--pod", "A pod (name or ns/name).") { AllowImplicitName = true }.AddCompletions(services.Completions.Pods));
        AddNamespace(DnsConfig, "The pod's namespace (default: default).");
    }

    public KernelActionDirective Root { get; }

    public KernelActionDirective Connect { get; }

    public KernelActionDirective Get { get; }

    public KernelActionDirective Describe { get; }

    public KernelActionDirective ProxyMode { get; }

    public KernelActionDirective DnsConfig { get; }

    /// <summary>Adds <c>#!k8s</c> and its subcommands to a kernel.</summary>
    public static K8sMagic Register(Kernel kernel, CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var magic = new K8sMagic(services);
        magic.Root.Parameters.Add(MagicSupport.HelpParameter());
        kernel.AddDirective<K8sRootCommand>(magic.Root, (command, context) => MagicSupport.RootAsync(command, magic.Root, context));
        kernel.AddDirective<ConnectCluster>(magic.Connect, magic.ConnectAsync);
        kernel.AddDirective<GetClusterObjects>(magic.Get, magic.GetAsync);
        kernel.AddDirective<DescribeClusterService>(magic.Describe, magic.DescribeAsync);
        kernel.AddDirective<ShowProxyMode>(magic.ProxyMode, magic.ProxyModeAsync);
        kernel.AddDirective<ShowDnsConfig>(magic.DnsConfig, magic.DnsConfigAsync);
        return magic;
    }

    private Task ConnectAsync(ConnectCluster command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Connect, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, _ => Task.FromResult(_runner.Connect(command)));

    private Task GetAsync(GetClusterObjects command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Get, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.GetAsync(command, ct));

    private Task DescribeAsync(DescribeClusterService command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Describe, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.DescribeAsync(DirectiveLine.Positionals(command, Describe), command.Namespace ?? command.N, ct));

    private Task ProxyModeAsync(ShowProxyMode command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, ProxyMode, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, _runner.ProxyModeAsync);

    private Task DnsConfigAsync(ShowDnsConfig command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, DnsConfig, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.DnsConfigAsync(command, ct));

    private void AddNamespace(KernelActionDirective directive, string description)
    {
        directive.Parameters.Add(new KernelDirectiveParameter("--namespace", description).AddCompletions(_services.Completions.Namespaces));
        directive.Parameters.Add(new KernelDirectiveParameter("-n", "Namespace (short for --namespace).").AddCompletions(_services.Completions.Namespaces));
    }

    private KernelActionDirective Sub(string name, string description)
    {
        var directive = new KernelActionDirective(name) { Description = description };
        directive.Parameters.Add(MagicSupport.HelpParameter());
        Root.Subcommands.Add(directive);
        return directive;
    }
}
