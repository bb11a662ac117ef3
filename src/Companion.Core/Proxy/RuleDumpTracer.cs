using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// One entry point for any node dump: picks the format (given, or detected from the text), parses it and traces the packet
/// with the matching tracer. Parser diagnostics come first in the trace's list.
/// </summary>
public static class RuleDumpTracer
{
    /// <summary>The trace, or null and a one-line error when the format is unknown or has no tracer yet.</summary>
    public static (ServiceTrace? Trace, string? Error) Trace(string text, RuleFormat? format, PacketSpec packet, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(packet);
        var detected = format ?? RuleFormatDetector.Detect(text);
        switch (detected)
        {
            case RuleFormat.IptablesSave:
                {
                    var parsed = IptablesSaveParser.Parse(text, source);
                    return (WithParseDiagnostics(IptablesTracer.Trace(parsed.Value, packet), parsed.Diagnostics), null);
                }

            case RuleFormat.Nft:
                {
                    var parsed = NftRulesetParser.Parse(text, source);
                    return (WithParseDiagnostics(NftTracer.Trace(parsed.Value, packet), parsed.Diagnostics), null);
                }

            case RuleFormat.Ipvs:
                {
                    var parsed = IpvsDumpParser.Parse(text, source);
                    return (WithParseDiagnostics(IpvsTracer.Trace(parsed.Value, packet), parsed.Diagnostics), null);
                }
            default:
                return (null, "cannot tell the format of the rules (expected iptables-save, nft list ruleset or ipvsadm output); pass --format");
        }
    }

    /// <summary>"iptables-save", "nft", "ipvs" → the format; null for anything else.</summary>
    public static RuleFormat? ParseFormatName(string? name) => name?.ToLowerInvariant() switch
    {
        "iptables-save" or "iptables" => RuleFormat.IptablesSave,
        "nft" or "nftables" => RuleFormat.Nft,
        "ipvs" or "ipvsadm" => RuleFormat.Ipvs,
        _ => null,
    };

    private static ServiceTrace WithParseDiagnostics(ServiceTrace trace, IReadOnlyList<Diagnostic> parse) =>
        parse.Count == 0 ? trace : trace with { Diagnostics = [.. parse, .. trace.Diagnostics] };
}
