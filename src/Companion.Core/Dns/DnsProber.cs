using Companion.Core.Statistics;

namespace Companion.Core.Dns;

/// <summary>
/// Times lookups the way a libc performs them: the planned candidates in order, every wire query timed on its own,
/// stopping where glibc or musl would stop. Sends one attempt per query to one nameserver (no retries, no cache).
/// </summary>
public sealed partial class DnsProber(IDnsTransport transport, TimeProvider? time = null, string? source = null)
{
    private readonly IDnsTransport _transport = transport ?? throw new ArgumentNullException(nameof(transport));
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private int _rotation;
    private volatile bool _warm;

    /// <summary>One lookup, as the request's libc would do it.</summary>
    public async Task<DnsProbeResult> LookupAsync(DnsProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = DnsQueryPlanner.Plan(request.Name, request.Conf, request.Libc, request.Type);
        await WarmUpAsync(request, plan, cancellationToken).ConfigureAwait(false);
        var result = await LookupAsync(request, plan, Servers(request.Conf), cancellationToken).ConfigureAwait(false);
        await LeaveTransportThreadAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Repeats the lookup <see cref="DnsProbeRequest.Count"/> times with <see cref="DnsProbeRequest.Concurrency"/> in flight.</summary>
    public async Task<DnsProbeRun> ProbeAsync(DnsProbeRequest request, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = DnsQueryPlanner.Plan(request.Name, request.Conf, request.Libc, request.Type);
        var total = Math.Max(1, request.Count);
        var workers = Math.Clamp(request.Concurrency, 1, total);
        await WarmUpAsync(request, plan, cancellationToken).ConfigureAwait(false);
        var servers = Servers(request.Conf);
        if (BulkSeries(request, plan, servers, total, workers) is { } bulk)
        {
            return await ProbeBulkAsync(bulk.Transport, bulk.Request, request, plan, progress, cancellationToken).ConfigureAwait(false);
        }

        var samples = new DnsProbeResult[total];
        var next = -1;
        var completed = 0;
        var started = _time.GetTimestamp();
        var tasks = Enumerable.Range(0, workers).Select(async _ =>
        {
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                if (request.Rate is > 0 and var rate && TimeSpan.FromSeconds(i / rate) - _time.GetElapsedTime(started) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                samples[i] = await LookupAsync(request, plan, servers, cancellationToken).ConfigureAwait(false);
                progress?.Report(new ProbeProgress(Interlocked.Increment(ref completed), total));
            }
        }).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var wall = _time.GetElapsedTime(started);
        await LeaveTransportThreadAsync().ConfigureAwait(false);
        var outcomes = samples.GroupBy(s => s.Outcome.ToString()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var summary = Latency.Summarize(samples.Select(s => s.TotalMs).ToArray(), outcomes, wall);
        return new DnsProbeRun(request, plan, samples, summary, Describe(request));
    }

    /// <summary>
    /// What-ifs side by side: as configured, ndots 5, 2 and 1, the fully qualified name with a trailing dot,
    /// and single-request-reopen. Each variant's label is in its request.
    /// </summary>
    public async Task<DnsComparison> CompareAsync(string name, ResolvConf baseConf, ResolverLibc libc, int count, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseConf);
        var n = Math.Max(1, count);
        const int variantCount = 6;
        var runs = new List<DnsProbeRun>();
        var done = 0;
        async Task<DnsProbeRun> Run(DnsProbeRequest r)
        {
            var offset = done;
            var p = progress is null ? null : new SyncProgress(c => progress.Report(new ProbeProgress(offset + c.Completed, n * variantCount)));
            var run = await ProbeAsync(r, p, cancellationToken).ConfigureAwait(false);
            done += n;
            return run;
        }

        var asConfigured = await Run(new DnsProbeRequest(name, baseConf, libc, n, Label: $"as configured (ndots {baseConf.Ndots})")).ConfigureAwait(false);
        runs.Add(asConfigured);
        foreach (var ndots in new[] { 5, 2, 1 })
        {
            runs.Add(await Run(new DnsProbeRequest(name, baseConf with { Ndots = ndots }, libc, n, Label: $"ndots {ndots}")).ConfigureAwait(false));
        }

        var fqdn = asConfigured.Samples.Select(s => s.AnsweredName).FirstOrDefault(a => a is not null) ?? name.Trim().TrimEnd('.');
        runs.Add(await Run(new DnsProbeRequest(fqdn + ".", baseConf, libc, n, Label: $"trailing dot ({fqdn}.)")).ConfigureAwait(false));
        var reopenLabel = libc == ResolverLibc.Musl ? "single-request-reopen (musl ignores it)" : "single-request-reopen";
        runs.Add(await Run(new DnsProbeRequest(name, baseConf with { SingleRequestReopen = true }, libc, n, Label: reopenLabel)).ConfigureAwait(false));
        return new DnsComparison(name, runs);
    }

    /// <summary>
    /// Before the first timed lookup of this prober: the transport's warm-up, then one untimed pass of this lookup's code
    /// over an in-memory transport (no packets), so the first sample is not charged for compiling the prober.
    /// </summary>
    private async Task WarmUpAsync(DnsProbeRequest request, DnsQueryPlan plan, CancellationToken cancellationToken)
    {
        await _transport.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        if (_warm)
        {
            return;
        }

        await new DnsProber(new NoAnswerTransport(), _time).LookupAsync(request, plan, Servers(request.Conf), cancellationToken).ConfigureAwait(false);
        _warm = true;
    }

    /// <summary>
    /// A transport may complete queries inline on its own threads (the UDP probe transport does, so a busy probe
    /// needs no thread hop per query). The caller's code after a lookup or a run must not run there: one hop out.
    /// </summary>
    private static async Task LeaveTransportThreadAsync()
    {
        if (SynchronizationContext.Current is null && !Thread.CurrentThread.IsThreadPoolThread)
        {
            await Task.Yield();
        }
    }

    /// <summary>The nameservers parsed once per call (null where one does not parse), so lookups do not re-parse them.</summary>
    private static DnsServerEndpoint?[] Servers(ResolvConf conf) =>
        conf.Nameservers.Count == 0 ? [null] : conf.Nameservers.Select(s => DnsServerEndpoint.TryParse(s, out var e, out _) ? e : null).ToArray();

    private async Task<DnsProbeResult> LookupAsync(DnsProbeRequest request, DnsQueryPlan plan, DnsServerEndpoint?[] servers, CancellationToken cancellationToken)
    {
        var conf = request.Conf;
        var started = _time.GetTimestamp();
        var queries = new List<DnsWireQuery>(plan.Types.Count);
        var server = servers[conf.Rotate && request.Libc == ResolverLibc.Glibc && servers.Length > 1
            ? (int)((uint)Interlocked.Increment(ref _rotation) % (uint)servers.Length) : 0];
        if (server is null)
        {
            return new DnsProbeResult(plan.Name, request.Libc, queries, [], DnsOutcome.Error, 0);
        }

        var timeout = request.Timeout ?? TimeSpan.FromSeconds(Math.Max(1, conf.TimeoutSeconds));
        var useTcp = request.UseTcp ?? (request.Libc == ResolverLibc.Glibc && conf.UseVc);
        var seen = new List<DnsOutcome>();
        foreach (var candidate in plan.Candidates)
        {
            var answers = await QueryCandidateAsync(plan, candidate, server, useTcp, timeout, started, cancellationToken).ConfigureAwait(false);
            queries.AddRange(answers);
            var outcome = CandidateOutcome(answers);
            seen.Add(outcome);
            if (outcome == DnsOutcome.NoError)
            {
                var addresses = answers.SelectMany(q => q.Answers).ToArray();
                return Result(plan, request, queries, addresses, outcome, started) with { AnsweredName = candidate };
            }

            if (!DnsQueryPlanner.ContinuesAfter(request.Libc, outcome))
            {
                return Result(plan, request, queries, [], outcome, started);
            }
        }

        return Result(plan, request, queries, [], Exhausted(seen), started);
    }

    /// <summary>Every candidate failed and the libc walked on after each: NoData if any was NODATA, else ServFail if any was, else NxDomain.</summary>
    private static DnsOutcome Exhausted(IReadOnlyCollection<DnsOutcome> seen) =>
        seen.Contains(DnsOutcome.NoData) ? DnsOutcome.NoData
        : seen.Contains(DnsOutcome.ServFail) ? DnsOutcome.ServFail
        : DnsOutcome.NxDomain;

    private async Task<IReadOnlyList<DnsWireQuery>> QueryCandidateAsync(DnsQueryPlan plan, string candidate, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        if (plan.Types.Count == 1)
        {
            // one type (--type, or a single-family lookup): no task array, no WhenAll
            return [await SendAsync(new PlannedQuery(plan.Types[0], candidate), server, useTcp, timeout, started, cancellationToken).ConfigureAwait(false)];
        }

        if (plan.ParallelPairs)
        {
            var tasks = plan.Types.Select(t => SendAsync(new PlannedQuery(t, candidate), server, useTcp, timeout, started, cancellationToken)).ToArray();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        var list = new List<DnsWireQuery>();
        foreach (var type in plan.Types)
        {
            var q = await SendAsync(new PlannedQuery(type, candidate), server, useTcp, timeout, started, cancellationToken).ConfigureAwait(false);
            list.Add(q);
            if (q.Outcome is DnsOutcome.Timeout or DnsOutcome.Error or DnsOutcome.Refused)
            {
                break;
            }
        }

        return list;
    }

    private async Task<DnsWireQuery> SendAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        var startMs = _time.GetElapsedTime(started).TotalMilliseconds;
        var q = await _transport.QueryAsync(query, server, useTcp, timeout, cancellationToken).ConfigureAwait(false);
        return q with { StartMs = startMs };
    }

    /// <summary>A candidate's outcome from its wire queries: any answer wins, then the most severe failure.</summary>
    internal static DnsOutcome CandidateOutcome(IReadOnlyList<DnsWireQuery> answers)
    {
        if (answers.Any(q => q.Outcome == DnsOutcome.NoError))
        {
            return DnsOutcome.NoError;
        }

        foreach (var worst in new[] { DnsOutcome.Timeout, DnsOutcome.Error, DnsOutcome.Refused, DnsOutcome.ServFail, DnsOutcome.NoData })
        {
            if (answers.Any(q => q.Outcome == worst))
            {
                return worst;
            }
        }

        return DnsOutcome.NxDomain;
    }

    private DnsProbeResult Result(DnsQueryPlan plan, DnsProbeRequest request, List<DnsWireQuery> queries, IReadOnlyList<string> addresses, DnsOutcome outcome, long started) =>
        new(plan.Name, request.Libc, queries, addresses, outcome, _time.GetElapsedTime(started).TotalMilliseconds);

    private string Describe(DnsProbeRequest request)
    {
        var servers = string.Join(", ", request.Conf.Nameservers);
        var tcp = request.UseTcp ?? (request.Libc == ResolverLibc.Glibc && request.Conf.UseVc);
        var prefix = string.IsNullOrEmpty(source) ? "" : source + "; ";
        return $"{prefix}server {servers} over {(tcp ? "TCP" : "UDP")}, {request.Libc.ToString().ToLowerInvariant()} rules, ndots {request.Conf.Ndots}, search [{string.Join(' ', request.Conf.Search)}]";
    }

    private sealed class NoAnswerTransport : IDnsTransport
    {
        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(new DnsWireQuery(query.Type, query.Name, DnsOutcome.NxDomain, "NXDOMAIN", [], 0, 0, server.ToString(), useTcp));
    }

    private sealed class SyncProgress(Action<ProbeProgress> report) : IProgress<ProbeProgress>
    {
        public void Report(ProbeProgress value) => report(value);
    }
}
