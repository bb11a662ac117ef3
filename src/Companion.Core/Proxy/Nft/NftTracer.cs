using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Traces the first packet of a connection through an nftables ruleset (kube-proxy's nftables mode): every base chain
/// of every ip/inet table on the hooks the packet crosses, in priority order, with the routing decision after DNAT.
/// </summary>
public static partial class NftTracer
{
    /// <summary>"nft".</summary>
    public const string Method = "nft";

    public static ServiceTrace Trace(NftRuleset ruleset, PacketSpec packet)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        ArgumentNullException.ThrowIfNull(packet);
        var diagnostics = new List<Diagnostic>();
        var context = new NftPacketContext(packet, diagnostics);
        if (!Ipv4.TryParse(packet.Destination, out var destination))
        {
            diagnostics.Add(Diagnostic.Fail($"destination '{packet.Destination}' is not an IPv4 address; only IPv4 is traced"));
            return new ServiceTrace(packet, TraceVerdict.Accept, [], [], [], diagnostics, Method, "not traced");
        }

        var tables = ruleset.Tables.Where(t => t.Family is "ip" or "inet").ToList();
        if (tables.Count == 0)
        {
            diagnostics.Add(Diagnostic.Warn("the ruleset has no ip or inet table; nothing would touch this packet"));
        }

        var paths = new List<(NftPath Path, NftOutcome Outcome)>
        {
            (new NftPath { Probability = 1, Destination = destination, DestinationPort = packet.DestinationPort }, NftOutcome.Accept),
        };
        var firstHook = packet.Entry == PacketEntry.Local ? "output" : "prerouting";
        paths = RunHook(tables, firstHook, paths, context);
        paths = paths.SelectMany(p => p.Outcome != NftOutcome.Accept ? [p] : AfterRouting(tables, p.Path, packet.Entry, context)).ToList();
        return NftTraceResult.Build(packet, paths, diagnostics, context);
    }

    private static readonly ConditionalWeakTable<NftTable, List<NftChain>> BaseChainsOf = [];

    private static List<(NftPath, NftOutcome)> AfterRouting(List<NftTable> tables, NftPath path, PacketEntry entry, NftPacketContext context)
    {
        List<(NftPath, NftOutcome)> paths = [(path, NftOutcome.Accept)];
        if (entry == PacketEntry.Network)
        {
            var next = context.IsLocal(path.Destination) ? "input" : "forward";
            paths = RunHook(tables, next, paths, context);
            if (next == "input")
            {
                return paths;
            }
        }

        return RunHook(tables, "postrouting", paths, context);
    }

    private static List<(NftPath, NftOutcome)> RunHook(List<NftTable> tables, string hook, List<(NftPath Path, NftOutcome Outcome)> paths, NftPacketContext context)
    {
        var chains = tables
            .SelectMany(t => BaseChains(t).Where(c => c.Hook == hook).Select(c => (Table: t, Chain: c)))
            .OrderBy(x => x.Chain.Priority ?? 0)
            .ToList();
        foreach (var (table, chain) in chains)
        {
            var walker = new NftWalker(table, context);
            var next = new List<(NftPath, NftOutcome)>();
            foreach (var (path, outcome) in paths)
            {
                var isDestinationNat = chain.Type == "nat" && hook is "prerouting" or "output";
                if (outcome != NftOutcome.Accept || (isDestinationNat && path.Natted))
                {
                    next.Add((path, outcome));
                    continue;
                }

                foreach (var (after, result) in walker.RunChain(chain.Name, path, 0))
                {
                    var final = result is NftOutcome.FallThrough or NftOutcome.Return
                        ? (chain.Policy == "drop" ? NftOutcome.Drop : NftOutcome.Accept)
                        : result;
                    if (final == NftOutcome.Drop && result is NftOutcome.FallThrough or NftOutcome.Return)
                    {
                        after.Reason = $"policy drop of base chain {chain.Name}";
                    }

                    next.Add((after, final));
                }
            }

            paths = next;
        }

        return paths;
    }

    /// <summary>A table's base chains, found once per table (a 10,000-Service table has 40,000 chains and a handful of base chains).</summary>
    private static List<NftChain> BaseChains(NftTable table) =>
        BaseChainsOf.GetValue(table, t => t.Chains is NftLazyChains lazy ? lazy.BaseChains() : t.Chains.Values.Where(c => c.IsBaseChain).ToList());

    /// <summary>"ns/name:port" from a kube-proxy chain name such as service-ULMVA6XW-ns1/svc1/tcp/p80.</summary>
    internal static string? ServiceFromChain(string chain)
    {
        var match = ChainName().Match(chain);
        if (!match.Success)
        {
            return null;
        }

        var port = match.Groups["port"].Value;
        return port.Length == 0 ? match.Groups["svc"].Value : $"{match.Groups["svc"].Value}:{port}";
    }

    [GeneratedRegex(@"^(?:service|local|external|endpoint|firewall)-[A-Z2-7]{8}-(?<svc>[^/]+/[^/]+)/(?:tcp|udp|sctp)/(?<port>[^_/]*)")]
    private static partial Regex ChainName();
}
