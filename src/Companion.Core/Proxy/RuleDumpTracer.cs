using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// One entry point for any node dump: picks the format (given, or detected from the text), parses it and traces the packet
/// with the matching tracer. Parser diagnostics come first in the trace's list: the dump's structural problems and
/// those of the rules the walk read (a rule nothing reaches is not decoded; the parsers' own Diagnostics list them all).
/// </summary>
public static class RuleDumpTracer
{
    /// <summary>The trace, or null and a one-line error when the format is unknown or has no tracer yet.</summary>
    public static (ServiceTrace? Trace, string? Error) Trace(string text, RuleFormat? format, PacketSpec packet, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Trace(() => new StringReader(text), format, packet, source);
    }

    /// <summary>
    /// The same from a dump read line by line (never held as one string): <paramref name="open"/> returns a new reader
    /// from the start of the dump each time it is called (once to detect the format when none is given, once to parse,
    /// and once more for nft text not shaped like <c>nft list ruleset</c>). Each reader is disposed after use.
    /// </summary>
    public static (ServiceTrace? Trace, string? Error) Trace(Func<TextReader> open, RuleFormat? format, PacketSpec packet, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(packet);
        var detected = format;
        if (detected is null)
        {
            using var reader = open();
            detected = RuleFormatDetector.Detect(reader);
        }

        switch (detected)
        {
            case RuleFormat.IptablesSave:
                {
                    using var reader = open();
                    var parsed = IptablesSaveParser.Parse(reader, source);
                    var trace = IptablesTracer.Trace(parsed.Value, packet);

                    // Like nft (rules compile on first use), the problems of the rules the walk read, not of all 100k.
                    return (WithParseDiagnostics(trace, parsed.Diagnostics is IptablesLazyDiagnostics lazy ? lazy.Reached() : parsed.Diagnostics), null);
                }

            case RuleFormat.Nft:
                {
                    var parsed = NftRulesetParser.Parse(open, source);
                    return (WithParseDiagnostics(NftTracer.Trace(parsed.Value, packet), parsed.Diagnostics), null);
                }

            case RuleFormat.Ipvs:
                {
                    using var reader = open();
                    var parsed = IpvsDumpParser.Parse(reader, source);
                    return (WithParseDiagnostics(IpvsTracer.Trace(parsed.Value, packet), parsed.Diagnostics), null);
                }
            default:
                return (null, "cannot tell the format of the rules (expected iptables-save, nft list ruleset or ipvsadm output); pass --format");
        }
    }

    /// <summary>
    /// The same from a file (or any stream) read once into its UTF-8 bytes: <paramref name="open"/> is called once, the
    /// format is detected on the bytes when none is given, and the iptables parser files the rules straight from them
    /// (no decoding, no second read). The stream is disposed after the read. A dump too large to read is an error line.
    /// </summary>
    public static (ServiceTrace? Trace, string? Error) Trace(Func<Stream> open, RuleFormat? format, PacketSpec packet, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(packet);
        DumpBytes? dump;
        string? error;
        using (var stream = open())
        {
            dump = DumpBytes.Read(stream, out error);
        }

        if (dump is null)
        {
            return (null, error);
        }

        switch (format ?? RuleFormatDetector.Detect(dump))
        {
            case RuleFormat.IptablesSave:
                {
                    var parsed = IptablesSaveParser.Parse(dump, source);
                    var trace = IptablesTracer.Trace(parsed.Value, packet);
                    return (WithParseDiagnostics(trace, parsed.Diagnostics is IptablesLazyDiagnostics lazy ? lazy.Reached() : parsed.Diagnostics), null);
                }

            case RuleFormat.Nft:
                {
                    var parsed = NftRulesetParser.Parse(dump.Array, dump.Start, dump.End, source);
                    return (WithParseDiagnostics(NftTracer.Trace(parsed.Value, packet), parsed.Diagnostics), null);
                }

            case RuleFormat.Ipvs:
                {
                    using var reader = dump.OpenReader();
                    var parsed = IpvsDumpParser.Parse(reader, source);
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
