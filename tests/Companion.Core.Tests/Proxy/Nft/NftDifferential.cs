using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Model.ModelScenario;

namespace Companion.Core.Tests.Proxy.Nft;

/// <summary>
/// Compares two parses of one text completely (every table, chain, rule, set and element with its line, and the
/// diagnostics) and the traces of many packets over them, as text, so a difference shows where it is.
/// </summary>
internal static partial class NftDifferential
{
    public static string Describe(ParseResult<NftRuleset> parsed)
    {
        var b = new StringBuilder();
        foreach (var t in parsed.Value.Tables)
        {
            b.Append(CultureInfo.InvariantCulture, $"table {t.Family} {t.Name} {t.LineNumber} {t.Comment}\n");
            foreach (var (name, c) in t.Chains)
            {
                b.Append(CultureInfo.InvariantCulture, $" chain {name}={c.Name} {c.LineNumber} {c.Type} {c.Hook} {c.Priority} {c.Policy} {c.Comment} {c.IsBaseChain} {c.Rules.Count}\n");
                foreach (var r in c.Rules)
                {
                    b.Append(CultureInfo.InvariantCulture, $"  rule {r.Chain} {r.LineNumber} [{r.Text}] [{r.Comment}]\n");
                }
            }

            foreach (var (name, s) in t.Sets)
            {
                b.Append(CultureInfo.InvariantCulture, $" set {name}={s.Name} {s.IsMap} [{s.KeyType}] [{s.DataType}] [{string.Join(',', s.Flags)}] {s.LineNumber} {s.Comment} {s.Timeout} {s.Elements.Count}\n");
                foreach (var e in s.Elements)
                {
                    b.Append(CultureInfo.InvariantCulture, $"  element [{string.Join("|", e.Key)}] [{e.Value}] [{e.Comment}] {e.LineNumber}\n");
                }
            }
        }

        foreach (var d in parsed.Diagnostics)
        {
            b.Append(CultureInfo.InvariantCulture, $"diagnostic {d}\n");
        }

        return b.ToString();
    }

    public static string Describe(ServiceTrace t) => string.Join('\n',
        [
            $"{t.Packet.Source}->{t.Packet.Destination}:{t.Packet.DestinationPort}/{t.Packet.Protocol} {t.Packet.Entry}: {t.Verdict} [{t.Reason}] [{t.ServiceName}] {string.Join(',', t.Chains)}",
            .. t.Targets.Select(e => string.Create(CultureInfo.InvariantCulture, $" target {e.Endpoint} {e.Probability:R} {e.Masquerade} {e.Chain}")),
            .. t.Hits.Select(h => $" hit {h.Table} {h.Chain} {h.LineNumber} [{h.RuleText}] {h.Action}"),
            .. t.Diagnostics.Select(d => $" diagnostic {d}"),
        ]);

    /// <summary>Packets from a pod, from outside, from the node itself, to every address in the text and a few ports.</summary>
    public static IEnumerable<PacketSpec> Packets(string text)
    {
        string[] nodeIps = ["192.168.50.1"];
        var addresses = Address().Matches(text).Select(m => m.Value).Distinct().Take(40).Append("10.96.0.99").ToList();
        foreach (var destination in addresses)
        {
            foreach (var port in new[] { 80, 8080, 30080, 30081, 443 })
            {
                yield return new PacketSpec("10.244.1.50", destination, "tcp", port, PacketEntry.Network, nodeIps);
                yield return new PacketSpec("198.51.100.9", destination, port == 443 ? "udp" : "tcp", port, PacketEntry.Network, nodeIps);
                yield return new PacketSpec("192.168.50.1", destination, "tcp", port, PacketEntry.Local, nodeIps);
            }
        }
    }

    /// <summary>Every trace over both rulesets, described; the two lists are equal when the parses trace alike.</summary>
    public static (List<string> Expected, List<string> Actual) Traces(string text, NftRuleset expected, NftRuleset actual)
    {
        var packets = Packets(text).ToList();
        return ([.. packets.Select(p => Describe(NftTracer.Trace(expected, p)))], [.. packets.Select(p => Describe(NftTracer.Trace(actual, p)))]);
    }

    /// <summary>The fixture scenario plus services with several ports, affinity, UDP and no endpoints (the generator's text).</summary>
    public static string Generated()
    {
        var snapshot = NftFixtures.Scenario();
        var services = snapshot.Services.ToList();
        var slices = snapshot.EndpointSlices.ToList();
        for (var i = 0; i < 40; i++)
        {
            var name = "s" + i.ToString(CultureInfo.InvariantCulture);
            var service = Service(name, $"10.96.1.{i + 1}", Port("http", 80), Port("dns", 53, "UDP"));
            services.Add(i % 5 == 0 ? service with { SessionAffinity = "ClientIP" } : service);
            if (i % 7 != 3)
            {
                slices.Add(Slice(name, [SlicePort("http", 8080), SlicePort("dns", 5353, "UDP")],
                    [.. Enumerable.Range(1, (i % 4) + 1).Select(k => Endpoint($"10.244.{(i % 2) + 1}.{(i * 4) + k + 20}", k % 2 == 0 ? OtherNode : Node))]));
            }
        }

        return KubeProxyNftGenerator.Generate(Snapshot(services, slices), Options());
    }

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex Address();
}
