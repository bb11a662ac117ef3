using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary><c>#!lab up | status | down | probe</c>: the network-namespace lab on this machine's kernel.</summary>
public sealed class LabMagic
{
    private readonly LabMagicRunner _runner;

    private LabMagic(CompanionServices services)
    {
        _runner = new LabMagicRunner(services);
        Root = new KernelActionDirective("#!lab")
        {
            Description = "A small Kubernetes data plane in network namespaces (needs root). Try #!lab up --help.",
        };
        Up = Sub("up", "Builds the lab (idempotent, cancellable): nodes, pods, kube-proxy rules, kube-dns, pod servers; then selects it as the source.");
        Up.Parameters.Add(new KernelDirectiveParameter("--model", "A lab model file (JSON); default: the built-in model."));
        Up.Parameters.Add(new KernelDirectiveParameter("--proxy-mode", "iptables (default) or nftables.").AddCompletions(() => ["iptables", "nftables"]));
        Status = Sub("status", "Is the lab up, and its pods with their IPs and nodes.");
        Down = Sub("down", "Removes every namespace, link, process and file the lab made, even after an interrupted up.");
        Probe = Sub("probe", "probe tcp HOST:PORT --from NS/POD: TCP connect latency from inside a pod, and which endpoint answered.");
        Probe.Parameters.Add(new KernelDirectiveParameter("--kind", "tcp, then HOST:PORT (an IP, a Service name as the pod writes it, or a pod).") { AllowImplicitName = true }
            .AddCompletions(() => ["tcp"]));
        Probe.Parameters.Add(new KernelDirectiveParameter("--from", "The pod to measure from: NAMESPACE/POD.").AddCompletions(services.Completions.Pods));
        Probe.Parameters.Add(new KernelDirectiveParameter("--count", "How many connects (default 1, at most 10000).") { TypeHint = "number" });
        Probe.Parameters.Add(new KernelDirectiveParameter("--timeout-ms", "Per-connect timeout (default 2000).") { TypeHint = "number" });
    }

    public KernelActionDirective Root { get; }

    public KernelActionDirective Up { get; }

    public KernelActionDirective Status { get; }

    public KernelActionDirective Down { get; }

    public KernelActionDirective Probe { get; }

    public static LabMagic Register(Kernel kernel, CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var magic = new LabMagic(services);
        kernel.KernelInfo.SupportedDirectives.Add(magic.Root);
        kernel.AddDirective<LabUpCommand>(magic.Up, magic.UpAsync);
        kernel.AddDirective<LabStatusCommand>(magic.Status, magic.StatusAsync);
        kernel.AddDirective<LabDownCommand>(magic.Down, magic.DownAsync);
        kernel.AddDirective<LabProbeCommand>(magic.Probe, magic.ProbeAsync);
        return magic;
    }

    private Task UpAsync(LabUpCommand command, KernelInvocationContext context)
    {
        if (MagicSupport.Preflight(command, Up, context))
        {
            return Task.CompletedTask;
        }

        return MagicSupport.RunAsync(command, context, ct => _runner.UpAsync(command, ProgressDisplay.Start(context, 1), ct));
    }

    private Task StatusAsync(LabStatusCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Status, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.StatusAsync(command, ct));

    private Task DownAsync(LabDownCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Down, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.DownAsync(command, ct));

    private Task ProbeAsync(LabProbeCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Probe, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.ProbeAsync(DirectiveLine.Positionals(command, Probe), command, ct));

    private KernelActionDirective Sub(string name, string description)
    {
        var directive = new KernelActionDirective(name) { Description = description };
        directive.Parameters.Add(new KernelDirectiveParameter("--lab", "Which lab (default: the session's, \"companion\")."));
        directive.Parameters.Add(MagicSupport.HelpParameter());
        Root.Subcommands.Add(directive);
        return directive;
    }
}
