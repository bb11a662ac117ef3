using System.CommandLine;
using System.Net;
using Companion.Core.Proxy;
using Companion.Core.Rendering;

namespace Companion.Cli.Trace;

/// <summary>
/// `companion trace --rules FILE --src IP --dst IP --proto tcp|udp|sctp --dport N [--from network|local] [--local-ip IP]...
/// [--format iptables-save|nft|ipvs] [--json]`: the CLI twin of #!trace packet.
/// </summary>
public static class TraceCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var rules = new Option<FileInfo>("--rules") { Description = "A node dump: iptables-save output, nft list ruleset, or ipvsadm -Ln.", Required = true };
        var src = new Option<string>("--src") { Description = "Source IP of the packet.", Required = true };
        var dst = new Option<string>("--dst") { Description = "Destination IP (a ClusterIP, node IP, LB or external IP).", Required = true };
        var proto = new Option<string>("--proto") { Description = "tcp, udp or sctp.", DefaultValueFactory = _ => "tcp" };
        var dport = new Option<int>("--dport") { Description = "Destination port.", Required = true };
        var from = new Option<string>("--from") { Description = "network (PREROUTING: from the network or a pod) or local (OUTPUT: sent by the node).", DefaultValueFactory = _ => "network" };
        var localIps = new Option<string[]>("--local-ip") { Description = "A local address of the node (repeatable); 127.0.0.0/8 is always local.", AllowMultipleArgumentsPerToken = false };
        var format = new Option<string?>("--format") { Description = "iptables-save, nft or ipvs (detected from the file when omitted)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document." };
        var command = new Command("trace", "Trace a packet through kube-proxy rules: verdict, endpoints with probabilities, masquerade, rules hit.")
        {
            rules, src, dst, proto, dport, from, localIps, format, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var (packet, error) = ReadPacket(r.GetValue(src)!, r.GetValue(dst)!, r.GetValue(proto)!, r.GetValue(dport), r.GetValue(from)!, r.GetValue(localIps) ?? []);
            var formatName = r.GetValue(format);
            RuleFormat? ruleFormat = formatName is null ? null : RuleDumpTracer.ParseFormatName(formatName);
            if (error is null && formatName is not null && ruleFormat is null)
            {
                error = $"--format must be iptables-save, nft or ipvs, not '{formatName}'";
            }

            if (error is not null)
            {
                return io.Fail(error, 2);
            }

            return await Task.Run(() => Run(io, r.GetValue(rules)!, ruleFormat, packet!, r.GetValue(json), ct), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static int Run(CliIo io, FileInfo rules, RuleFormat? format, PacketSpec packet, bool json, CancellationToken ct)
    {
        // The dump is read once, as bytes (no 30 MB UTF-16 string): the format is detected on them when --format is not
        // given, and the iptables parser files the rules straight from them.
        ServiceTrace? trace;
        string? error;
        try
        {
            (trace, error) = RuleDumpTracer.Trace(() => Open(rules.FullName, ct), format, packet, rules.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return io.Fail($"cannot read {rules.FullName}: {e.Message}");
        }

        if (trace is null)
        {
            return io.Fail(error!);
        }

        if (json)
        {
            io.WriteJson(TraceJson.From(trace));
        }
        else
        {
            io.Out.Write(TraceText.Render(trace));
        }

        return 0;
    }

    private static FileStream Open(string path, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();

        // Unbuffered: the whole file goes straight into one array.
        return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0 });
    }

    internal static (PacketSpec? Packet, string? Error) ReadPacket(string src, string dst, string proto, int dport, string from, string[] localIps)
    {
        foreach (var (name, value) in new[] { ("--src", src), ("--dst", dst) }.Concat(localIps.Select(l => ("--local-ip", l))))
        {
            if (!IPAddress.TryParse(value, out _))
            {
                return (null, $"{name} '{value}' is not an IP address");
            }
        }

        var protocol = proto.ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp"))
        {
            return (null, $"--proto must be tcp, udp or sctp, not '{proto}'");
        }

        if (dport is < 1 or > 65535)
        {
            return (null, $"--dport must be between 1 and 65535, not {dport}");
        }

        PacketEntry? entry = from.ToLowerInvariant() switch { "network" => PacketEntry.Network, "local" => PacketEntry.Local, _ => null };
        return entry is null
            ? (null, $"--from must be network or local, not '{from}'")
            : (new PacketSpec(src, dst, protocol, dport, entry.Value, localIps), null);
    }
}
