using System.CommandLine;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cli.Dns;

/// <summary>`companion dns plan|probe|compare`: the CLI twins of #!dns.</summary>
public static class DnsCommands
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var dns = new Command("dns", "DNS: plan and time lookups the way a pod's libc does.");
        dns.Subcommands.Add(Plan(io));
        dns.Subcommands.Add(Probe(io));
        dns.Subcommands.Add(Compare(io));
        return dns;
    }

    private static Command Plan(CliIo io)
    {
        var o = new DnsOptions();
        var command = new Command("plan", "The ordered queries the libc would send, assuming no candidate answers.");
        o.AddTo(command, withServer: false);
        command.SetAction(async (r, ct) =>
        {
            if (o.Check(io, r) is { } bad)
            {
                return bad;
            }

            var loaded = await DnsProbeService.LoadConfAsync(o.GetConfOptions(r), ct).ConfigureAwait(false);
            if (!loaded.IsValid)
            {
                return io.Fail(loaded.Diagnostics.First(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error).ToString());
            }

            var plan = DnsQueryPlanner.Plan(r.GetValue(o.Name)!, loaded.Value, o.GetLibc(r), o.GetType(r));
            if (r.GetValue(o.Json))
            {
                io.WriteJson(DnsJson.Plan(plan, loaded.Diagnostics.Select(d => d.ToString())));
            }
            else
            {
                io.Out.Write(DnsText.Plan(plan));
            }

            return 0;
        });
        return command;
    }

    private static Command Probe(CliIo io)
    {
        var o = new DnsOptions();
        var count = new Option<int>("--count") { Description = "How many lookups (default 1).", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Lookups in flight at once (default 1).", DefaultValueFactory = _ => 1 };
        var tcp = new Option<bool>("--tcp") { Description = "Use TCP (like options use-vc)." };
        var timeoutMs = new Option<int?>("--timeout-ms") { Description = "Per-query timeout (default: resolv.conf timeout)." };
        var rate = new Option<int?>("--rate") { Description = "Paced: start at most N lookups per second (lookup i not before i/N s), still at most --concurrency in flight; default: as fast as --concurrency allows." };
        var command = new Command("probe", "Time a lookup: every query on the wire, its rcode, answers and milliseconds.") { count, concurrency, tcp, timeoutMs, rate };
        o.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            if (Validate(io, r.GetValue(count), r.GetValue(concurrency), r.GetValue(timeoutMs)) is { } bad)
            {
                return bad;
            }

            if (r.GetValue(rate) is < 1 or > 10_000_000)
            {
                return io.Fail("--rate must be between 1 and 10000000 lookups per second", 2);
            }

            var (conf, exit) = await o.LoadAsync(io, r, ct).ConfigureAwait(false);
            if (conf is null)
            {
                return exit;
            }

            var request = new DnsProbeRequest(r.GetValue(o.Name)!, conf, o.GetLibc(r), r.GetValue(count), r.GetValue(concurrency),
                r.GetValue(timeoutMs) is { } ms ? TimeSpan.FromMilliseconds(ms) : null, r.GetValue(tcp) ? true : null, Type: o.GetType(r),
                Rate: r.GetValue(rate));
            var run = await DnsProbeService.CreateProber(DnsProbeService.Describe(o.GetConfOptions(r))).ProbeAsync(request, null, ct).ConfigureAwait(false);
            if (r.GetValue(o.Json))
            {
                io.WriteJson(DnsJson.Probe(run));
            }
            else
            {
                io.Out.Write(DnsText.Run(run));
            }

            return 0;
        });
        return command;
    }

    private static Command Compare(CliIo io)
    {
        var o = new DnsOptions();
        var count = new Option<int>("--count") { Description = "Lookups per variant (default 10).", DefaultValueFactory = _ => 10 };
        var command = new Command("compare", "What-ifs side by side: as configured, ndots 5/2/1, trailing dot, single-request-reopen.") { count };
        o.AddTo(command, withType: false);
        command.SetAction(async (r, ct) =>
        {
            if (Validate(io, r.GetValue(count), 1, null) is { } bad)
            {
                return bad;
            }

            var (conf, exit) = await o.LoadAsync(io, r, ct).ConfigureAwait(false);
            if (conf is null)
            {
                return exit;
            }

            var prober = DnsProbeService.CreateProber(DnsProbeService.Describe(o.GetConfOptions(r)));
            var comparison = await prober.CompareAsync(r.GetValue(o.Name)!, conf, o.GetLibc(r), r.GetValue(count), null, ct).ConfigureAwait(false);
            if (r.GetValue(o.Json))
            {
                io.WriteJson(DnsJson.Compare(comparison));
            }
            else
            {
                io.Out.Write(DnsText.Compare(comparison));
            }

            return 0;
        });
        return command;
    }

    private static int? Validate(CliIo io, int count, int concurrency, int? timeoutMs) =>
        count is < 1 or > 1_000_000 ? io.Fail("--count must be between 1 and 1000000", 2)
        : concurrency is < 1 or > 1024 ? io.Fail("--concurrency must be between 1 and 1024", 2)
        : timeoutMs is < 1 or > 600_000 ? io.Fail("--timeout-ms must be between 1 and 600000", 2)
        : null;
}
