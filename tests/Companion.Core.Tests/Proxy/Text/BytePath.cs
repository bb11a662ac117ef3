using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Text;

/// <summary>
/// The differential check between the byte path (<see cref="IptablesSaveParser.Parse(Stream, string?)"/>) and the text
/// path (<see cref="IptablesSaveParser.Parse(TextReader, string?)"/> over a <see cref="StreamReader"/> on the same bytes):
/// everything a parse and a trace expose, written out so two results can be compared as strings.
/// </summary>
internal static partial class BytePath
{
    public const string Source = "dump.txt";

    public static ParseResult<IptablesRuleset> ParseBytes(byte[] bytes) => IptablesSaveParser.Parse(new MemoryStream(bytes, writable: false), Source);

    public static ParseResult<IptablesRuleset> ParseText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return IptablesSaveParser.Parse(reader, Source);
    }

    /// <summary>Tables, chains (policy), every rule (line, text, matches, target, counters), backend and every diagnostic.</summary>
    public static string Describe(ParseResult<IptablesRuleset> parsed)
    {
        var b = new StringBuilder();
        b.Append("backend ").Append(parsed.Value.Backend).Append('\n');
        foreach (var table in parsed.Value.Tables.Values)
        {
            foreach (var chain in table.Chains.Values)
            {
                b.Append(CultureInfo.InvariantCulture, $"{table.Name} {chain.Name} {chain.Policy} {chain.Rules.Count}\n");
                foreach (var r in chain.Rules)
                {
                    b.Append(CultureInfo.InvariantCulture, $"  {r.Table} {r.Chain} {r.LineNumber} [{r.Text}] {r.Target} {r.Packets} {r.Bytes}\n");
                    foreach (var m in r.Matches)
                    {
                        var ports = m.Ports is null ? "" : string.Join(',', m.Ports);
                        b.Append(CultureInfo.InvariantCulture, $"    {m.Kind} {m.Negated} [{m.Text}] [{m.Value}] {m.Address} {m.Mask} {ports} {m.Probability:R} {m.Seconds}\n");
                    }
                }
            }
        }

        foreach (var d in parsed.Diagnostics)
        {
            b.Append(d).Append('\n');
        }

        return b.ToString();
    }

    /// <summary>Verdict, endpoints, chains, rules hit (line and text), diagnostics, method, reason, service.</summary>
    public static string Describe(ServiceTrace? trace)
    {
        if (trace is null)
        {
            return "no trace";
        }

        IEnumerable<string> parts =
        [
            $"{trace.Verdict} {trace.Method} {trace.Reason} {trace.ServiceName}",
            .. trace.Targets.Select(t => t.ToString()),
            string.Join(' ', trace.Chains),
            .. trace.Hits.Select(h => h.ToString()),
            .. trace.Diagnostics.Select(d => d.ToString()),
        ];
        return string.Join('\n', parts);
    }

    /// <summary>
    /// Packets worth tracing through a dump: to every "-d A/32 … --dport P" it names (TCP and UDP, from the network and
    /// from the node), to a NodePort on the node address, and to an address nothing names.
    /// </summary>
    public static IReadOnlyList<PacketSpec> Packets(string text)
    {
        var found = ServicePort().Matches(text).Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .Distinct().Take(12).ToList();
        var packets = new List<PacketSpec>();
        foreach (var (ip, port) in found)
        {
            packets.Add(new PacketSpec("10.244.1.9", ip, "tcp", port, PacketEntry.Network, [ProxyScenario.NodeIp]));
            packets.Add(new PacketSpec(ProxyScenario.NodeIp, ip, "udp", port, PacketEntry.Local, [ProxyScenario.NodeIp]));
        }

        packets.Add(new PacketSpec("203.0.113.7", ProxyScenario.NodeIp, "tcp", 30080, PacketEntry.Network, [ProxyScenario.NodeIp]));
        packets.Add(new PacketSpec("10.244.1.9", "10.99.99.99", "tcp", 80, PacketEntry.Network, [ProxyScenario.NodeIp]));
        return packets;
    }

    /// <summary>Every packet traced through both parses, and through <see cref="RuleDumpTracer"/> from bytes and from text.</summary>
    public static void TracesAgree(byte[] bytes, string because)
    {
        var fromBytes = ParseBytes(bytes).Value;
        var fromText = ParseText(bytes).Value;
        foreach (var packet in Packets(Encoding.UTF8.GetString(bytes)))
        {
            Describe(IptablesTracer.Trace(fromBytes, packet)).Should().Be(Describe(IptablesTracer.Trace(fromText, packet)), because);
            var (streamed, streamError) = RuleDumpTracer.Trace(() => new MemoryStream(bytes, writable: false), null, packet, Source);
            var (read, readError) = RuleDumpTracer.Trace(() => new StreamReader(new MemoryStream(bytes, writable: false)), null, packet, Source);
            (Describe(streamed) + streamError).Should().Be(Describe(read) + readError, because);
        }
    }

    [GeneratedRegex(@"-d (\d+\.\d+\.\d+\.\d+)/32 [^\n]*?--dport (\d+)")]
    private static partial Regex ServicePort();
}
