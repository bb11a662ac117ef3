using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary><c>#!dns plan | probe | compare</c>: the directive tree (hover text, completions) and thin handlers.</summary>
public sealed class DnsMagic
{
    private readonly DnsMagicRunner _runner;

    private DnsMagic(CompanionServices services)
    {
        _runner = new DnsMagicRunner(services);
        Root = new KernelActionDirective("#!dns")
        {
            Description = "Plans and times DNS lookups the way a pod's libc does them (search list, ndots). Try #!dns probe --help.",
        };
        Plan = Sub("plan", "Shows the ordered queries glibc or musl would send for NAME, assuming no earlier candidate answers.");
        Probe = Sub("probe", "Times real lookups of NAME: every query on the wire, a latency chart and percentiles.");
        Probe.Parameters.Add(new KernelDirectiveParameter("--count", "How many lookups (default 1).") { TypeHint = "number" });
        Probe.Parameters.Add(new KernelDirectiveParameter("--concurrency", "Lookups in flight (default 1).") { TypeHint = "number" });
        Probe.Parameters.Add(new KernelDirectiveParameter("--tcp", "Send every query over TCP.") { Flag = true });
        Probe.Parameters.Add(new KernelDirectiveParameter("--timeout-ms", "Per-query timeout in ms (default: resolv.conf timeout).") { TypeHint = "number" });
        Probe.Parameters.Add(new KernelDirectiveParameter("--rate", "Paced: start at most N lookups per second (default: as fast as --concurrency allows).") { TypeHint = "number" });
        Compare = Sub("compare", "Runs what-ifs side by side: ndots 5, 2 and 1, the trailing dot, single-request-reopen.");
        Compare.Parameters.Add(new KernelDirectiveParameter("--count", "Lookups per variant (default 20).") { TypeHint = "number" });
    }

    public KernelActionDirective Root { get; }

    public KernelActionDirective Plan { get; }

    public KernelActionDirective Probe { get; }

    public KernelActionDirective Compare { get; }

    /// <summary>Adds <c>#!dns</c> and its subcommands to a kernel.</summary>
    public static DnsMagic Register(Kernel kernel, CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var magic = new DnsMagic(services);
        magic.Root.Parameters.Add(MagicSupport.HelpParameter());
        kernel.AddDirective<DnsRootCommand>(magic.Root, (command, context) => MagicSupport.RootAsync(command, magic.Root, context));
        kernel.AddDirective<PlanDnsLookup>(magic.Plan, magic.PlanAsync);
        kernel.AddDirective<ProbeDnsLookup>(magic.Probe, magic.ProbeAsync);
        kernel.AddDirective<CompareDnsLookup>(magic.Compare, magic.CompareAsync);
        return magic;
    }

    private async Task PlanAsync(PlanDnsLookup command, KernelInvocationContext context)
    {
        if (MagicSupport.Preflight(command, Plan, context))
        {
            return;
        }

        Show(command, context, await _runner.PlanAsync(command, context.CancellationToken));
    }

    private async Task ProbeAsync(ProbeDnsLookup command, KernelInvocationContext context)
    {
        if (MagicSupport.Preflight(command, Probe, context))
        {
            return;
        }

        var progress = ProgressDisplay.Start(context, command.Count);
        Show(command, context, await _runner.ProbeAsync(command, progress, context.CancellationToken));
    }

    private async Task CompareAsync(CompareDnsLookup command, KernelInvocationContext context)
    {
        if (MagicSupport.Preflight(command, Compare, context))
        {
            return;
        }

        var progress = ProgressDisplay.Start(context, command.Count * 6);
        Show(command, context, await _runner.CompareAsync(command, progress, context.CancellationToken));
    }

    private static void Show<T>(KernelCommand command, KernelInvocationContext context, MagicResult<T> result)
        where T : class
    {
        if (result.Value is { } value)
        {
            context.Display(value);
        }
        else
        {
            context.Fail(command, message: result.Error ?? "failed");
        }
    }

    private KernelActionDirective Sub(string name, string description)
    {
        var directive = new KernelActionDirective(name) { Description = description };
        directive.Parameters.Add(new KernelDirectiveParameter("--name", "The name to look up, e.g. web, web.demo, web.demo.svc.cluster.local.")
        {
            AllowImplicitName = true,
        });
        directive.Parameters.Add(new KernelDirectiveParameter("--resolv-conf", "resolv.conf to read (default /etc/resolv.conf).")
            .AddCompletions(() => ["/etc/resolv.conf"]));
        directive.Parameters.Add(new KernelDirectiveParameter("--server", "Nameserver IP[:port]; overrides the resolv.conf nameservers.")
            .AddCompletions(() => ["127.0.0.1", "127.0.0.1:53"]));
        directive.Parameters.Add(new KernelDirectiveParameter("--ndots", "Overrides options ndots (0-15).") { TypeHint = "number" });
        directive.Parameters.Add(new KernelDirectiveParameter("--search", "Overrides the search list: \"a.svc.cluster.local svc.cluster.local\"."));
        directive.Parameters.Add(new KernelDirectiveParameter("--libc", "Resolver rules: glibc (default) or musl.")
            .AddCompletions(() => ["glibc", "musl"]));
        directive.Parameters.Add(new KernelDirectiveParameter("--help", "Shows this help.") { Flag = true });
        Root.Subcommands.Add(directive);
        return directive;
    }
}
