using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace Companion.Interactive.Magic;

/// <summary><c>#!trace service | packet</c>: the journey of one packet through kube-proxy's rules.</summary>
public sealed class TraceMagic
{
    private readonly TraceMagicRunner _runner;

    private TraceMagic(CompanionServices services)
    {
        _runner = new TraceMagicRunner(services);
        Root = new KernelActionDirective("#!trace")
        {
            Description = "Traces a packet to a Service: rules matched, endpoints with probabilities, masquerade. Try #!trace service --help.",
        };
        Service = Sub("service", "Traces NAME[:PORT] on a node: its real rule dump when the source has one, else predicted from API objects.");
        Service.Parameters.Add(new KernelDirectiveParameter("--service", "NAME[:PORT] or ns/NAME[:PORT].") { AllowImplicitName = true }
            .AddCompletions(services.Completions.Services));
        Service.Parameters.Add(new KernelDirectiveParameter("--from", "Where the packet starts: a pod (name or ns/name), node (default) or external.")
            .AddCompletions(() => ["node", "external", .. services.Completions.Pods()]));
        Service.Parameters.Add(new KernelDirectiveParameter("--node", "The node whose rules the packet meets (default: the pod's node, else the first)."));
        Service.Parameters.Add(new KernelDirectiveParameter("--namespace", "The Service's namespace (default: default).").AddCompletions(services.Completions.Namespaces));
        Service.Parameters.Add(new KernelDirectiveParameter("-n", "Namespace (short for --namespace).").AddCompletions(services.Completions.Namespaces));
        Packet = Sub("packet", "Traces one packet through a rule dump: --rules FILE, else the current source's dump of --node.");
        Packet.Parameters.Add(new KernelDirectiveParameter("--src", "Source IP."));
        Packet.Parameters.Add(new KernelDirectiveParameter("--dst", "Destination IP (ClusterIP, node IP, LB or external IP)."));
        Packet.Parameters.Add(new KernelDirectiveParameter("--proto", "tcp (default), udp or sctp.").AddCompletions(() => ["tcp", "udp", "sctp"]));
        Packet.Parameters.Add(new KernelDirectiveParameter("--dport", "Destination port.") { TypeHint = "number" });
        Packet.Parameters.Add(new KernelDirectiveParameter("--from", "network (PREROUTING, default) or local (OUTPUT).").AddCompletions(() => ["network", "local"]));
        Packet.Parameters.Add(new KernelDirectiveParameter("--node", "The node whose dump to use (default: the first node)."));
        Packet.Parameters.Add(new KernelDirectiveParameter("--rules", "A node dump file: iptables-save, nft list ruleset or ipvsadm output."));
        Packet.Parameters.Add(new KernelDirectiveParameter("--format", "iptables-save, nft or ipvs (detected when omitted).").AddCompletions(() => ["iptables-save", "nft", "ipvs"]));
    }

    public KernelActionDirective Root { get; }

    public KernelActionDirective Service { get; }

    public KernelActionDirective Packet { get; }

    public static TraceMagic Register(Kernel kernel, CompanionServices services)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var magic = new TraceMagic(services);
        magic.Root.Parameters.Add(MagicSupport.HelpParameter());
        kernel.AddDirective<TraceRootCommand>(magic.Root, (command, context) => MagicSupport.RootAsync(command, magic.Root, context));
        kernel.AddDirective<TraceServicePacket>(magic.Service, magic.ServiceAsync);
        kernel.AddDirective<TraceRulePacket>(magic.Packet, magic.PacketAsync);
        return magic;
    }

    private Task ServiceAsync(TraceServicePacket command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Service, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.ServiceAsync(command, ct));

    private Task PacketAsync(TraceRulePacket command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Packet, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.PacketAsync(command, ct));

    private KernelActionDirective Sub(string name, string description)
    {
        var directive = new KernelActionDirective(name) { Description = description };
        directive.Parameters.Add(MagicSupport.HelpParameter());
        Root.Subcommands.Add(directive);
        return directive;
    }
}
