using System.Text;
using Companion.Core.Proxy;
using Companion.Fuzz.Tests.Infra;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>
/// The iptables byte path (files and the CLI: the dump's UTF-8 bytes read once) against the text path on the same bytes
/// (a StreamReader, line by line): the same rules, diagnostics and traces, whatever the input.
/// </summary>
internal static class IptablesStreamPath
{
    public static void Check(string text, IEnumerable<PacketSpec> packets)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var fromBytes = IptablesSaveParser.Parse(new MemoryStream(bytes, writable: false), Properties.Source);
        Properties.Diagnostics(fromBytes.Diagnostics, text, lineRequired: true);
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false));
        var fromText = IptablesSaveParser.Parse(reader, Properties.Source);
        if (Describe(fromBytes.Value, fromBytes.Diagnostics) != Describe(fromText.Value, fromText.Diagnostics))
        {
            throw new PropertyViolation("byte path differs from text path: rules or diagnostics", "byte path differs from text path");
        }

        foreach (var packet in packets.Take(2))
        {
            var a = IptablesTracer.Trace(fromBytes.Value, packet);
            var b = IptablesTracer.Trace(fromText.Value, packet);
            Properties.Trace(a, text);
            if (Describe(a) != Describe(b))
            {
                throw new PropertyViolation($"byte path differs from text path: trace to {packet.Destination}:{packet.DestinationPort}", "byte path differs from text path");
            }
        }
    }

    private static string Describe(IptablesRuleset ruleset, IEnumerable<Companion.Core.Diagnostics.Diagnostic> diagnostics)
    {
        IEnumerable<string> parts =
        [
            ruleset.Backend ?? "",
            .. ruleset.Tables.Values.SelectMany(t => t.Chains.Values).Select(c => $"{c.Name} {c.Policy} {c.Rules.Count}"),
            .. ruleset.AllRules.Select(r => $"{r.Table} {r.Chain} {r.LineNumber} {r.Text} {r.Target} {r.Matches.Count} {r.Packets} {r.Bytes}"),
            .. diagnostics.Select(d => d.ToString()),
        ];
        return string.Join('\n', parts);
    }

    private static string Describe(ServiceTrace t)
    {
        IEnumerable<string> parts =
            [$"{t.Verdict} {t.Reason}", .. t.Targets.Select(x => x.ToString()), .. t.Chains, .. t.Hits.Select(h => h.ToString()), .. t.Diagnostics.Select(d => d.ToString())];
        return string.Join('\n', parts);
    }
}
