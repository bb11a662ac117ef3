using System.Globalization;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// Reads an IPVS-mode node dump: <c>ipvsadm -Ln</c> or <c>ipvsadm --save -n</c>, optionally followed by
/// <c>ipset list</c> (or <c>ipset save</c>) and <c>iptables-save</c> output, in any order. Never throws on input.
/// </summary>
public static partial class IpvsDumpParser
{
    private const int MaxWeight = 65_535;

    /// <summary>Parses the text (a thin wrapper over the <see cref="TextReader"/> overload).</summary>
    public static ParseResult<IpvsState> Parse(string text, string? source = null)
    {
        using var reader = new StringReader(text ?? string.Empty);
        return Parse(reader, source);
    }

    /// <summary>Parses line by line from <paramref name="reader"/>, without holding the whole text.</summary>
    public static ParseResult<IpvsState> Parse(TextReader reader, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var diagnostics = new List<Diagnostic>();
        var services = new List<(IpvsVirtualService Service, List<IpvsRealServer> Reals)>();
        var sets = new List<(string Name, string Type, List<string> Members, int Line)>();
        var glue = new List<IpvsGlueLine>();
        (string Name, string Type, List<string> Members, int Line)? currentSet = null;
        var inMembers = false;
        var lines = new DumpLineReader(reader);
        while (lines.TryReadLine(out var raw))
        {
            var number = lines.LineNumber;
            var line = raw.Trim().ToString();
            if (line.Length == 0)
            {
                inMembers = false;
                continue;
            }

            if (inMembers && currentSet is { } open && MemberLike().IsMatch(line))
            {
                open.Members.Add(line);
                continue;
            }

            inMembers = false;
            Match m;
            if (line.StartsWith("IP Virtual Server", StringComparison.Ordinal) || line.StartsWith("Prot LocalAddress", StringComparison.Ordinal)
                || line.StartsWith("-> RemoteAddress", StringComparison.Ordinal))
            {
                continue;
            }
            else if ((m = ListService().Match(line)).Success)
            {
                var proto = m.Groups["proto"].Value.ToLowerInvariant();
                if (proto == "fwm")
                {
                    if (int.TryParse(m.Groups["addr"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var mark))
                    {
                        services.Add((new IpvsVirtualService("fwm", "", 0, m.Groups["sched"].Value, Persistent(m.Groups["rest"].Value), [], number, line, mark), []));
                    }
                    else
                    {
                        diagnostics.Add(Diagnostic.Warn($"firewall mark '{m.Groups["addr"].Value}' is not a number; virtual service ignored", source, number));
                    }
                }
                else if (TrySplit(m.Groups["addr"].Value, out var address, out var port))
                {
                    services.Add((new IpvsVirtualService(proto, address, port, m.Groups["sched"].Value, Persistent(m.Groups["rest"].Value), [], number, line), []));
                }
                else
                {
                    diagnostics.Add(Diagnostic.Warn($"cannot read the virtual service address '{m.Groups["addr"].Value}'", source, number));
                }
            }
            else if ((m = ListReal().Match(line)).Success)
            {
                if (services.Count == 0 || !TrySplit(m.Groups["addr"].Value, out var address, out var port))
                {
                    diagnostics.Add(Diagnostic.Warn("real server line without a virtual service before it", source, number));
                    continue;
                }

                services[^1].Reals.Add(new IpvsRealServer(address, port, m.Groups["fwd"].Value, Weight(m.Groups["w"].Value, diagnostics, source, number),
                    Counter(m.Groups["act"].Value, diagnostics, source, number), Counter(m.Groups["inact"].Value, diagnostics, source, number), number, line));
            }
            else if ((m = SaveService().Match(line)).Success)
            {
                if (TrySplit(m.Groups["addr"].Value, out var address, out var port))
                {
                    var persistent = m.Groups["p"].Success ? Int(m.Groups["p"].Value) : (int?)null;
                    services.Add((new IpvsVirtualService(SaveProtocol(m.Groups["kind"].Value), address, port, m.Groups["sched"].Value, persistent, [], number, line), []));
                }
            }
            else if ((m = SaveReal().Match(line)).Success)
            {
                var vsProto = SaveProtocol(m.Groups["kind"].Value);
                var owner = services.FindLastIndex(s => s.Service.Protocol == vsProto && s.Service.Endpoint == m.Groups["vs"].Value);
                if (owner < 0 || !TrySplit(m.Groups["rs"].Value, out var address, out var port))
                {
                    diagnostics.Add(Diagnostic.Warn($"real server for unknown virtual service {m.Groups["vs"].Value}", source, number));
                    continue;
                }

                var forward = m.Groups["fwd"].Value switch { "m" => "Masq", "g" => "Route", "i" => "Tunnel", _ => "Masq" };
                services[owner].Reals.Add(new IpvsRealServer(address, port, forward, m.Groups["w"].Success ? Weight(m.Groups["w"].Value, diagnostics, source, number) : 1, 0, 0, number, line));
            }
            else if (line.StartsWith("Name: ", StringComparison.Ordinal))
            {
                currentSet = (line[6..].Trim(), "", [], number);
                sets.Add(currentSet.Value);
            }
            else if (line.StartsWith("Type: ", StringComparison.Ordinal) && currentSet is { } typed)
            {
                currentSet = typed with { Type = line[6..].Trim() };
                sets[^1] = currentSet.Value;
            }
            else if (line == "Members:" && currentSet is not null)
            {
                inMembers = true;
            }
            else if (IpsetHeader().IsMatch(line))
            {
                continue;
            }
            else if ((m = IpsetCreate().Match(line)).Success)
            {
                sets.Add((m.Groups["name"].Value, m.Groups["type"].Value, [], number));
            }
            else if ((m = IpsetAdd().Match(line)).Success)
            {
                var index = sets.FindIndex(s => s.Name == m.Groups["name"].Value);
                if (index >= 0)
                {
                    sets[index].Members.Add(m.Groups["member"].Value);
                }
            }
            else if (line.StartsWith('*') || line.StartsWith(':') || line.StartsWith("-A ", StringComparison.Ordinal) || line == "COMMIT" || line.StartsWith('#'))
            {
                glue.Add(new IpvsGlueLine(number, line));
            }
            else
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"line ignored: {line}", source, number));
            }
        }

        var state = new IpvsState(
            services.Select(s => s.Service with { RealServers = s.Reals }).ToList(),
            sets.Select(s => new IpvsIpset(s.Name, s.Type, s.Members, s.Line)).ToList(),
            glue);
        if (state.VirtualServices.Count == 0)
        {
            diagnostics.Add(Diagnostic.Warn("no IPVS virtual service found (expected ipvsadm -Ln or ipvsadm --save -n output)", source));
        }

        return new ParseResult<IpvsState>(state, diagnostics);
    }

    private static int? Persistent(string rest)
    {
        var m = PersistentRegex().Match(rest);
        return m.Success ? Int(m.Groups["t"].Value) : null;
    }

    /// <summary>A weight; ipvsadm's range is 0–65,535, so anything wider is clamped there (with a warning), and the shares never overflow.</summary>
    private static int Weight(string text, List<Diagnostic> diagnostics, string? source, int line)
    {
        var weight = Int(text);
        if (weight is >= 0 and <= MaxWeight && text.Length <= 5)
        {
            return weight;
        }

        diagnostics.Add(Diagnostic.Warn($"weight {Short(text)} is outside ipvsadm's 0–65535; read as {MaxWeight}", source, line));
        return MaxWeight;
    }

    /// <summary>A connection counter; one wider than 64 bits is read as long.MaxValue, with a warning.</summary>
    private static long Counter(string text, List<Diagnostic> diagnostics, string? source, int line)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        diagnostics.Add(Diagnostic.Warn($"connection counter {Short(text)} does not fit 64 bits; read as {long.MaxValue}", source, line));
        return long.MaxValue;
    }

    private static string Short(string text) => text.Length > 24 ? text[..24] + "…" : text;

    private static int Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static string SaveProtocol(string kind) => kind switch { "-t" or "--tcp-service" => "tcp", "-u" or "--udp-service" => "udp", _ => "sctp" };

    private static bool TrySplit(string text, out string address, out int port)
    {
        address = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        address = text[..colon].Trim('[', ']');
        return true;
    }

    [GeneratedRegex(@"^(?<proto>TCP|UDP|SCTP|FWM)\s+(?<addr>\S+)\s+(?<sched>[a-z]+)(?<rest>.*)$")]
    private static partial Regex ListService();

    [GeneratedRegex(@"^->\s+(?<addr>\S+)\s+(?<fwd>Masq|Route|Tunnel|Local|FullNat)\s+(?<w>\d+)\s+(?<act>\d+)\s+(?<inact>\d+)")]
    private static partial Regex ListReal();

    [GeneratedRegex(@"^-A\s+(?<kind>-t|-u|--sctp-service|--tcp-service|--udp-service)\s+(?<addr>\S+)\s+-s\s+(?<sched>\S+)(?:.*?\s-p\s+(?<p>\d+))?")]
    private static partial Regex SaveService();

    [GeneratedRegex(@"^-a\s+(?<kind>-t|-u|--sctp-service|--tcp-service|--udp-service)\s+(?<vs>\S+)\s+-r\s+(?<rs>\S+)(?:\s+-(?<fwd>[mgi]))?(?:\s+-w\s+(?<w>\d+))?")]
    private static partial Regex SaveReal();

    [GeneratedRegex(@"persistent\s+(?<t>\d+)")]
    private static partial Regex PersistentRegex();

    [GeneratedRegex(@"^(Revision|Header|Size in memory|References|Number of entries):")]
    private static partial Regex IpsetHeader();

    [GeneratedRegex(@"^create\s+(?<name>\S+)\s+(?<type>\S+)")]
    private static partial Regex IpsetCreate();

    [GeneratedRegex(@"^add\s+(?<name>\S+)\s+(?<member>\S+)")]
    private static partial Regex IpsetAdd();

    [GeneratedRegex(@"^[0-9a-fA-F.:\[\]]+(,[a-z]+:\d+)?(,[0-9a-fA-F.:/]+)?$|^[a-z]+:\d+$|^\d+$")]
    private static partial Regex MemberLike();
}
