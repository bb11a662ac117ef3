using Companion.Core.Statistics;

namespace Companion.Core.Dns;

/// <summary>
/// The bulk path of <see cref="ProbeAsync"/>: when every lookup of a run is exactly one wire query (one candidate,
/// one type) to one server over UDP, and the transport can run the series itself (<see cref="IDnsBulkTransport"/>),
/// the whole run is handed to it: no task, list or record per lookup while the clock runs. The results are the
/// same <see cref="DnsProbeResult"/>s the general path gives (the same stop rules applied to the one query), built
/// after the series ends.
/// </summary>
public sealed partial class DnsProber
{
    /// <summary>The bulk series for this run, or null when the general path must run it.</summary>
    private (IDnsBulkTransport Transport, DnsBulkRequest Request)? BulkSeries(DnsProbeRequest request, DnsQueryPlan plan, DnsServerEndpoint?[] servers, int total, int workers)
    {
        var conf = request.Conf;
        var useTcp = request.UseTcp ?? (request.Libc == ResolverLibc.Glibc && conf.UseVc);
        var rotates = conf.Rotate && request.Libc == ResolverLibc.Glibc && servers.Length > 1;
        if (_transport is not IDnsBulkTransport bulk || useTcp || rotates || servers[0] is not { } server
            || plan.Candidates.Count != 1 || plan.Types.Count != 1)
        {
            return null;
        }

        var timeout = request.Timeout ?? TimeSpan.FromSeconds(Math.Max(1, conf.TimeoutSeconds));
        return (bulk, new DnsBulkRequest(new PlannedQuery(plan.Types[0], plan.Candidates[0]), server, timeout, total, workers, request.Rate));
    }

    private async Task<DnsProbeRun> ProbeBulkAsync(IDnsBulkTransport transport, DnsBulkRequest bulk, DnsProbeRequest request, DnsQueryPlan plan,
        IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        var total = bulk.Count;
        var completed = progress is null ? null : new SyncProgress<int>(c => progress.Report(new ProbeProgress(c, total)));
        var series = await transport.RunBulkAsync(bulk, completed, cancellationToken).ConfigureAwait(false);
        await LeaveTransportThreadAsync().ConfigureAwait(false);
        var samples = new DnsProbeResult[series.Queries.Count];
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var ms = new double[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = OneQueryLookup(plan, request, bulk.Query.Name, series.Queries[i]);
            ms[i] = samples[i].TotalMs;
            var key = samples[i].Outcome.ToString();
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        return new DnsProbeRun(request, plan, samples, Latency.Summarize(ms, outcomes, series.Wall), Describe(request));
    }

    /// <summary>A lookup whose only candidate got one query: the general path's rules, applied to that query.</summary>
    private static DnsProbeResult OneQueryLookup(DnsQueryPlan plan, DnsProbeRequest request, string candidate, DnsWireQuery query)
    {
        var outcome = CandidateOutcome([query]);
        var totalMs = query.StartMs + query.Ms;
        if (outcome == DnsOutcome.NoError)
        {
            return new DnsProbeResult(plan.Name, request.Libc, [query], query.Answers, outcome, totalMs) { AnsweredName = candidate };
        }

        var final = DnsQueryPlanner.ContinuesAfter(request.Libc, outcome) ? Exhausted([outcome]) : outcome;
        return new DnsProbeResult(plan.Name, request.Libc, [query], [], final, totalMs);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
