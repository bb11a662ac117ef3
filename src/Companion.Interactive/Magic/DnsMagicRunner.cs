using Companion.Cluster.Dns;
using Companion.Core.Diagnostics;
using Companion.Core.Dns;

namespace Companion.Interactive.Magic;

/// <summary>
/// The one call each <c>#!dns</c> handler makes: reads the resolver configuration with the magic's overrides, runs the library,
/// and turns expected failures (unreadable file, bad server, cancellation) into a one-line error.
/// </summary>
public sealed class DnsMagicRunner(CompanionServices services)
{
    public async Task<MagicResult<DnsPlanView>> PlanAsync(PlanDnsLookup command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = DnsOptionParsing.ToConfOptions(command, services);
        var conf = await DnsProbeService.LoadConfAsync(options, cancellationToken).ConfigureAwait(false);
        if (!conf.IsValid)
        {
            return MagicResult<DnsPlanView>.Failed(FirstError(conf));
        }

        var plan = DnsQueryPlanner.Plan(command.Name!, conf.Value, DnsOptionParsing.LibcOf(command, services));
        return MagicResult<DnsPlanView>.Ok(new DnsPlanView(plan, DnsProbeService.Describe(options)));
    }

    public async Task<MagicResult<DnsProbeRun>> ProbeAsync(
        ProbeDnsLookup command, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = DnsOptionParsing.ToConfOptions(command, services);
        try
        {
            var conf = await DnsProbeService.LoadConfAsync(options, cancellationToken).ConfigureAwait(false);
            if (!conf.IsValid)
            {
                return MagicResult<DnsProbeRun>.Failed(FirstError(conf));
            }

            var request = new DnsProbeRequest(
                command.Name!, conf.Value, DnsOptionParsing.LibcOf(command, services), command.Count, command.Concurrency,
                command.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, command.Tcp ? true : null, Rate: command.Rate);
            var prober = services.CreateDnsProber(DnsProbeService.Describe(options));
            return MagicResult<DnsProbeRun>.Ok(await prober.ProbeAsync(request, progress, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            return MagicResult<DnsProbeRun>.Failed("the probe was cancelled");
        }
    }

    public async Task<MagicResult<DnsComparison>> CompareAsync(
        CompareDnsLookup command, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = DnsOptionParsing.ToConfOptions(command, services);
        try
        {
            var conf = await DnsProbeService.LoadConfAsync(options, cancellationToken).ConfigureAwait(false);
            if (!conf.IsValid)
            {
                return MagicResult<DnsComparison>.Failed(FirstError(conf));
            }

            var prober = services.CreateDnsProber(DnsProbeService.Describe(options));
            var comparison = await prober.CompareAsync(
                command.Name!, conf.Value, DnsOptionParsing.LibcOf(command, services), command.Count, progress, cancellationToken)
                .ConfigureAwait(false);
            return MagicResult<DnsComparison>.Ok(comparison);
        }
        catch (OperationCanceledException)
        {
            return MagicResult<DnsComparison>.Failed("the comparison was cancelled");
        }
    }

    private static string FirstError(ParseResult<ResolvConf> conf)
    {
        var error = conf.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        return error.ToString();
    }
}
