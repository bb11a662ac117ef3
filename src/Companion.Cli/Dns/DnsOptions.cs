using System.CommandLine;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cli.Dns;

/// <summary>The options shared by `companion dns plan|probe|compare`, and their validation.</summary>
internal sealed class DnsOptions
{
    public Argument<string> Name { get; } = new("name") { Description = "The name to look up, e.g. web, web.demo, web.demo.svc.cluster.local." };

    public Option<string?> ResolvConf { get; } = new("--resolv-conf") { Description = "The resolv.conf to use (default /etc/resolv.conf)." };

    public Option<string?> Server { get; } = new("--server") { Description = "Query this server (IP[:port]) instead of the resolv.conf nameservers." };

    public Option<string> Libc { get; } = new("--libc") { Description = "Whose search rules: glibc or musl.", DefaultValueFactory = _ => "glibc" };

    public Option<int?> Ndots { get; } = new("--ndots") { Description = "Override options ndots." };

    public Option<string[]> Search { get; } = new("--search") { Description = "Replace the search list (repeat for several domains).", Arity = ArgumentArity.ZeroOrMore };

    public Option<string?> Type { get; } = new("--type") { Description = "Ask only this type (A, AAAA, SRV, PTR, CNAME, TXT); default A and AAAA like getaddrinfo." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document." };

    public DnsOptions()
    {
        // validated in Check (one line on stderr) rather than by the parser, which prints the whole help
        Libc.CompletionSources.Add("glibc", "musl");
        Type.CompletionSources.Add(Enum.GetNames<DnsRecordType>());
    }

    public void AddTo(Command command, bool withServer = true, bool withType = true)
    {
        command.Add(Name);
        command.Add(ResolvConf);
        if (withServer)
        {
            command.Add(Server);
        }

        command.Add(Libc);
        command.Add(Ndots);
        command.Add(Search);
        if (withType)
        {
            command.Add(Type);
        }

        command.Add(Json);
    }

    /// <summary>Checks --libc and --type; writes one line to stderr and returns the exit code when one is bad.</summary>
    public int? Check(CliIo io, ParseResult r)
    {
        if (r.GetValue(Libc) is not ("glibc" or "musl"))
        {
            return io.Fail($"--libc must be glibc or musl (got '{r.GetValue(Libc)}')", 2);
        }

        if (r.GetValue(Type) is { } t && !Enum.GetNames<DnsRecordType>().Contains(t, StringComparer.Ordinal))
        {
            return io.Fail($"--type must be one of {string.Join(", ", Enum.GetNames<DnsRecordType>())} (got '{t}')", 2);
        }

        return null;
    }

    public ResolverLibc GetLibc(ParseResult r) => r.GetValue(Libc) == "musl" ? ResolverLibc.Musl : ResolverLibc.Glibc;

    public DnsRecordType? GetType(ParseResult r) => r.GetValue(Type) is { } t ? Enum.Parse<DnsRecordType>(t) : null;

    public DnsConfOptions GetConfOptions(ParseResult r) =>
        new(r.GetValue(ResolvConf), r.GetValue(Server), r.GetValue(Ndots), r.GetValue(Search));

    /// <summary>Loads the configuration; on failure writes one line to stderr and returns null with the exit code.</summary>
    public async Task<(ResolvConf? Conf, int ExitCode)> LoadAsync(CliIo io, ParseResult r, CancellationToken ct)
    {
        if (Check(io, r) is { } bad)
        {
            return (null, bad);
        }

        var options = GetConfOptions(r);
        var loaded = await DnsProbeService.LoadConfAsync(options, ct).ConfigureAwait(false);
        if (!loaded.IsValid)
        {
            var first = loaded.Diagnostics.First(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error);
            return (null, io.Fail(first.ToString()));
        }

        return (loaded.Value, 0);
    }
}
