using System.Globalization;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Traces a packet in IPVS mode: the virtual service it hits, its real servers with their weight shares, and the
/// masquerade decision from kube-proxy's ipsets and iptables glue. Not kernel-verified (no ip_vs on this machine).
/// </summary>
public static partial class IpvsTracer
{
    /// <summary>"ipvs".</summary>
    public const string Method = "ipvs";

    public static ServiceTrace Trace(IpvsState state, PacketSpec packet)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(packet);
        var diagnostics = new List<Diagnostic>();
        var protocol = packet.Protocol.ToLowerInvariant();
        var hits = new List<RuleHit>();
        var service = state.VirtualServices.FirstOrDefault(v => v.Protocol == protocol && v.Address == packet.Destination && v.Port == packet.DestinationPort);
        if (service is null)
        {
            return NoService(state, packet, protocol, diagnostics);
        }

        var name = $"{service.Protocol.ToUpperInvariant()} {service.Endpoint}";
        hits.Add(new RuleHit("ipvs", name, service.LineNumber, service.Text, $"schedule {service.Scheduler}"));
        var serving = service.RealServers.Where(r => r.Weight > 0).ToList();
        if (service.RealServers.Count > serving.Count)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info,
                $"{service.RealServers.Count - serving.Count} real server(s) with weight 0 (terminating endpoints) take no new connections"));
        }

        if (serving.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "IPVS behaviour is from the kernel sources and the spec, not verified on this machine (no ip_vs)"));
            return new ServiceTrace(packet, TraceVerdict.Reject, [], [name], hits, diagnostics, Method,
                $"virtual service {name} has no real servers: IPVS answers ICMP port unreachable");
        }

        if (service.Scheduler is not ("rr" or "wrr"))
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info,
                $"scheduler {service.Scheduler}: shares shown are weight shares; the scheduler decides per connection"));
        }

        if (service.PersistentSeconds is { } seconds)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, string.Create(CultureInfo.InvariantCulture,
                $"session affinity (persistent {seconds} s): later connections from the same client go to the same real server")));
        }

        var total = serving.Sum(r => (double)r.Weight); // double: weights a caller sets past int.MaxValue in total never overflow
        var masquerade = IpvsMasquerade.Decide(state, packet, protocol, hits, diagnostics);
        var targets = serving.Select(r =>
        {
            hits.Add(new RuleHit("ipvs", name, r.LineNumber, r.Text, $"-> {r.Endpoint} ({r.Forward}, weight {r.Weight})"));
            var hairpin = r.Address == packet.Source;
            return new EndpointTarget(r.Endpoint, r.Weight / total, masquerade || hairpin, name);
        }).ToList();
        var chains = state.Glue.Count > 0 ? new List<string> { "KUBE-SERVICES", name } : [name];
        return new ServiceTrace(packet, TraceVerdict.Dnat, targets, chains, hits, diagnostics, Method,
            $"IPVS {service.Scheduler} over {serving.Count} real server(s) of {service.Endpoint}");
    }

    private static ServiceTrace NoService(IpvsState state, PacketSpec packet, string protocol, List<Diagnostic> diagnostics)
    {
        var boundHere = state.VirtualServices.Any(v => v.Address == packet.Destination)
            || (state.Set("KUBE-CLUSTER-IP")?.Members.Any(m => m.StartsWith(packet.Destination + ",", StringComparison.Ordinal)) ?? false);
        if (!boundHere)
        {
            return new ServiceTrace(packet, TraceVerdict.Accept, [], [], [], diagnostics, Method,
                "no IPVS virtual service for this address; the packet is routed as is (no NAT)");
        }

        var filter = state.Glue.FirstOrDefault(g => g.Text.Contains("KUBE-IPVS-FILTER", StringComparison.Ordinal) && g.Text.Contains("REJECT", StringComparison.Ordinal));
        var hits = filter is null ? new List<RuleHit>() : [new RuleHit("filter", "KUBE-IPVS-FILTER", filter.LineNumber, filter.Text, "REJECT")];
        if (filter is null)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info,
                "no KUBE-IPVS-FILTER rule in the dump; the address is on kube-ipvs0, so the node itself answers (no listener: refused)"));
        }

        return new ServiceTrace(packet, TraceVerdict.Reject, [], [], hits, diagnostics, Method, string.Create(CultureInfo.InvariantCulture,
            $"{packet.Destination} is a service address on kube-ipvs0 but {protocol}/{packet.DestinationPort} is not one of its virtual services: rejected"));
    }

    /// <summary>The cluster CIDR from the glue rule "-m set --match-set KUBE-CLUSTER-IP dst,dst ! -s CIDR -j KUBE-MARK-MASQ".</summary>
    internal static (IpvsGlueLine Line, string? Cidr)? ClusterIpMasqueradeRule(IpvsState state)
    {
        foreach (var line in state.Glue)
        {
            if (!line.Text.Contains("KUBE-CLUSTER-IP", StringComparison.Ordinal) || !line.Text.Contains("KUBE-MARK-MASQ", StringComparison.Ordinal))
            {
                continue;
            }

            var m = NotSource().Match(line.Text);
            return (line, m.Success ? m.Groups["cidr"].Value : null);
        }

        return null;
    }

    [GeneratedRegex(@"!\s+-s\s+(?<cidr>[0-9./]+)")]
    private static partial Regex NotSource();
}
