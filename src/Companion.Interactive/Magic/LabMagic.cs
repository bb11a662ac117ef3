using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary>
/// <c>#!lab up | status | down | probe | fault | resolv-options | capture | trace | scale</c>: the network-namespace lab on
/// this machine's kernel, each subcommand the twin of <c>companion lab ...</c>. Measuring subcommands replay a recording's
/// measurement when the current source is a recording.
/// </summary>
public sealed partial class LabMagic
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
        Probe = Measuring("probe", "probe tcp HOST:PORT | probe dns NAME, --from NS/POD: TCP connect latency and which endpoint answered, or DNS lookups query by query with the pod's resolv.conf.");
        Probe.Parameters.Add(new KernelDirectiveParameter("--kind", "tcp or dns, then HOST:PORT (tcp) or the NAME to look up (dns).") { AllowImplicitName = true }
            .AddCompletions(() => ["tcp", "dns"]));
        Probe.Parameters.Add(From("The pod to measure from: NAMESPACE/POD.", services));
        Probe.Parameters.Add(Number("--count", "How many connects or lookups (default 1, at most 10000)."));
        Probe.Parameters.Add(Number("--timeout-ms", "tcp: per-connect timeout (default 2000)."));
        Fault = Sub("fault", "fault add KIND | fault clear: inject a fault in every node namespace (dns-second-packet, loss, br-netfilter-off, hairpin-off, delay), or remove them all.");
        Fault.Parameters.Add(new KernelDirectiveParameter("--action", "add KIND, or clear.") { AllowImplicitName = true }.AddCompletions(() => ["add", "clear", .. LabMagicRunner.FaultKindNames]));
        Fault.Parameters.Add(Number("--percent", "loss: the loss percentage (default 20)."));
        Fault.Parameters.Add(new KernelDirectiveParameter("--all-traffic", "loss: every packet, not only DNS queries.") { Flag = true });
        Fault.Parameters.Add(Number("--delay-ms", "delay: the delay (default 50)."));
        Fault.Parameters.Add(Number("--jitter-ms", "delay: the jitter (default 0)."));
        ResolvOptions = Sub("resolv-options", "Rewrites a pod's resolv.conf with extra options after ndots:5 (single-request-reopen, timeout:1, use-vc...); none: kubelet's file.");
        ResolvOptions.Parameters.Add(new KernelDirectiveParameter("--options", "The resolv.conf options, as words.") { AllowImplicitName = true }
            .AddCompletions(() => ["single-request-reopen", "single-request", "timeout:1", "attempts:1", "use-vc", "ndots:1", "ndots:2"]));
        ResolvOptions.Parameters.Add(new KernelDirectiveParameter("--pod", "The pod: NAMESPACE/POD.").AddCompletions(services.Completions.Pods));
        Capture = Measuring("capture", "tcpdump in a pod (its eth0) or a node namespace, bounded by --count and --seconds; shows the decoded packets and keeps the pcap.");
        Capture.Parameters.Add(new KernelDirectiveParameter("--pod", "Capture on this pod's eth0: NAMESPACE/POD.").AddCompletions(services.Completions.Pods));
        Capture.Parameters.Add(new KernelDirectiveParameter("--node", "Capture in this node's namespace (all interfaces unless --iface)."));
        Capture.Parameters.Add(new KernelDirectiveParameter("--iface", "Interface (default eth0 in a pod, any in a node)."));
        Capture.Parameters.Add(Number("--count", "Stop after this many packets (default 100, at most 10000)."));
        Capture.Parameters.Add(Number("--seconds", "Stop after this many seconds (default 10, at most 600)."));
        Capture.Parameters.Add(new KernelDirectiveParameter("--filter", "A tcpdump filter in quotes, for example \"udp port 53\"."));
        Capture.Parameters.Add(new KernelDirectiveParameter("--out", "Where to write the pcap (default: a new file in the temp folder)."));
        Capture.Parameters.Add(new KernelDirectiveParameter("--lookup", "getaddrinfo(NAME) from the --pod while capturing (getent ahosts), so the capture holds that lookup."));
        Trace = Measuring("trace", "trace HOST:PORT --from NS/POD: the kernel's own trace of one real connection (the rules its SYN fired) next to the static prediction.");
        Trace.Parameters.Add(new KernelDirectiveParameter("--target", "HOST:PORT (a Service name as the pod writes it, or an IP).") { AllowImplicitName = true });
        Trace.Parameters.Add(From("The pod the connection starts in: NAMESPACE/POD.", services));
        Scale = Measuring("scale", "Loads N extra Services on the client's node and times connects to the first and the last Service rule.");
        Scale.Parameters.Add(Number("--services", "Extra Services to load (default 1000, 0-20000)."));
        Scale.Parameters.Add(Number("--samples", "Connects per rule position (default 1000, 1-10000)."));
    }

    public KernelActionDirective Root { get; }

    public KernelActionDirective Up { get; }

    public KernelActionDirective Status { get; }

    public KernelActionDirective Down { get; }

    public KernelActionDirective Probe { get; }

    public KernelActionDirective Fault { get; }

    public KernelActionDirective ResolvOptions { get; }

    public KernelActionDirective Capture { get; }

    public KernelActionDirective Trace { get; }

    public KernelActionDirective Scale { get; }

    public static LabMagic Register(Kernel kernel, CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(services);
        var magic = new LabMagic(services);
        LabFormatters.Register(services);
        magic.Root.Parameters.Add(MagicSupport.HelpParameter());
        kernel.AddDirective<LabRootCommand>(magic.Root, (command, context) => MagicSupport.RootAsync(command, magic.Root, context));
        kernel.AddDirective<LabUpCommand>(magic.Up, magic.UpAsync);
        kernel.AddDirective<LabStatusCommand>(magic.Status, magic.StatusAsync);
        kernel.AddDirective<LabDownCommand>(magic.Down, magic.DownAsync);
        kernel.AddDirective<LabProbeCommand>(magic.Probe, magic.ProbeAsync);
        kernel.AddDirective<LabFaultCommand>(magic.Fault, magic.FaultAsync);
        kernel.AddDirective<LabResolvOptionsCommand>(magic.ResolvOptions, magic.ResolvOptionsAsync);
        kernel.AddDirective<LabCaptureCommand>(magic.Capture, magic.CaptureAsync);
        kernel.AddDirective<LabTraceCommand>(magic.Trace, magic.TraceAsync);
        kernel.AddDirective<LabScaleCommand>(magic.Scale, magic.ScaleAsync);
        return magic;
    }

    private static KernelDirectiveParameter Number(string name, string description) => new(name, description) { TypeHint = "number" };

    private static KernelDirectiveParameter From(string description, CompanionServices services) =>
        new KernelDirectiveParameter("--from", description).AddCompletions(services.Completions.Pods);

    private KernelActionDirective Measuring(string name, string description)
    {
        var directive = Sub(name, description + " On a recording: the measurement recorded for the same command.");
        directive.Parameters.Add(new KernelDirectiveParameter("--recorded", "On a recording: show this recorded measurement (by name) instead of the one recorded for the same command."));
        return directive;
    }

    private KernelActionDirective Sub(string name, string description)
    {
        var directive = new KernelActionDirective(name) { Description = description };
        directive.Parameters.Add(new KernelDirectiveParameter("--lab", "Which lab (default: the session's, \"companion\")."));
        directive.Parameters.Add(MagicSupport.HelpParameter());
        Root.Subcommands.Add(directive);
        return directive;
    }
}
