using System.Globalization;
using System.Net;
using Companion.Cluster.Sources;
using Companion.Core.Charts;
using Companion.Core.Proxy;
using Companion.Interactive.Views;

namespace Companion.Interactive.Magic;

/// <summary>The one library call behind each <c>#!trace</c> subcommand.</summary>
public sealed class TraceMagicRunner(CompanionServices services)
{
    public async Task<TraceReport> ServiceAsync(TraceServicePacket command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Service))
        {
            throw new MagicException("a Service is required: #!trace service NAME[:PORT] (see --help)");
        }

        var @namespace = command.Namespace ?? command.N ?? services.DefaultNamespace ?? "default";
        var (space, nameAndPort) = MagicSupport.SplitName(command.Service, @namespace);
        var colon = nameAndPort.IndexOf(':', StringComparison.Ordinal);
        var (name, port) = colon > 0 ? (nameAndPort[..colon], nameAndPort[(colon + 1)..]) : (nameAndPort, null);
        var from = TraceOrigin.Parse(command.From ?? "node", @namespace);
        var source = services.RequireSource();
        var trace = await ServiceTracing.TraceServiceAsync(source, space, name, port, from, command.Node, cancellationToken).ConfigureAwait(false);
        if (trace.ServiceName is null && trace.Targets.Count == 0 && trace.Reason is { } reason && reason.EndsWith("not found", StringComparison.Ordinal))
        {
            throw new MagicException($"{reason} ({source.Source.Describe()})");
        }

        return Report(trace, source.Source.Describe());
    }

    public async Task<TraceReport> PacketAsync(TraceRulePacket command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var packet = ReadPacket(command);
        var format = command.Format is null ? (RuleFormat?)null
            : RuleDumpTracer.ParseFormatName(command.Format) ?? throw new MagicException($"--format must be iptables-save, nft or ipvs, not '{command.Format}'");
        if (command.Rules is { } file)
        {
            if (!File.Exists(file))
            {
                throw new MagicException($"--rules: no such file {file}");
            }

            // The tracer reads the file's bytes once (a 10,000-Service dump is 16 MB), detects the format on them and parses
            // the same bytes; rules are decoded only when the walk reads them.
            var (fileTrace, fileError) = await Task.Run(
                () => RuleDumpTracer.Trace(() => (Stream)OpenRules(file, cancellationToken), format, packet, Path.GetFileName(file)),
                cancellationToken).ConfigureAwait(false);
            return fileTrace is null ? throw new MagicException(fileError ?? "the rules could not be traced")
                : Report(fileTrace, $"rules file {Path.GetFileName(file)}");
        }

        var source = services.RequireSource();
        var node = command.Node ?? (await source.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false)).Nodes.FirstOrDefault()?.Name
            ?? throw new MagicException($"no nodes in {source.Source.Describe()}; pass --rules FILE");
        var dump = await source.GetNodeDumpAsync(node, cancellationToken).ConfigureAwait(false);
        var text = (format == RuleFormat.Nft ? dump?.NftRuleset : dump?.IptablesSave ?? dump?.NftRuleset)
            ?? throw new MagicException($"{source.Source.Describe()} has no rule dump for node {node}; pass --rules FILE or use #!trace service");
        packet = packet with { LocalAddresses = [.. packet.LocalAddresses ?? [], .. dump?.LocalAddresses ?? []] };
        var described = $"{source.Source.Describe()}, node {node}";

        var (trace, error) = RuleDumpTracer.Trace(text, format, packet);
        return trace is null ? throw new MagicException(error ?? "the rules could not be traced") : Report(trace, described);
    }

    private static FileStream OpenRules(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0 });
    }

    private static TraceReport Report(ServiceTrace trace, string source) => new(trace, trace.ToEndpointSplit(source), source);

    private static PacketSpec ReadPacket(TraceRulePacket c)
    {
        foreach (var (name, value) in new[] { ("--src", c.Src), ("--dst", c.Dst) })
        {
            if (value is null || !IPAddress.TryParse(value, out _))
            {
                throw new MagicException($"{name} must be an IP address{(value is null ? "" : $", not '{value}'")}");
            }
        }

        var protocol = (c.Proto ?? "tcp").ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw new MagicException($"--proto must be tcp, udp or sctp, not '{c.Proto}'");
        }

        if (c.Dport is < 1 or > 65535)
        {
            throw new MagicException(string.Create(CultureInfo.InvariantCulture, $"--dport must be between 1 and 65535, not {c.Dport}"));
        }

        var entry = (c.From ?? "network").ToLowerInvariant() switch
        {
            "network" => PacketEntry.Network,
            "local" => PacketEntry.Local,
            _ => throw new MagicException($"--from must be network or local, not '{c.From}'"),
        };
        return new PacketSpec(c.Src!, c.Dst!, protocol, c.Dport, entry);
    }
}
