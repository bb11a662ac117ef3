using Companion.Core.Dns;

namespace Companion.Core.Tests.Dns;

/// <summary>
/// <see cref="DnsProbeRequest.Rate"/>: handed to the bulk transport as is, and on the general path each lookup waits
/// for its slot (i ÷ rate after the start) on the prober's clock; here a manual clock, so nothing is timed.
/// </summary>
public sealed class DnsProberRateTests
{
    private static readonly ResolvConf Pod = ResolvConf.ClusterFirst("10.96.0.10", "demo");

    /// <summary>Answers every query at once; the bulk form records the request.</summary>
    private sealed class AnsweringTransport : IDnsTransport, IDnsBulkTransport
    {
        public List<DnsBulkRequest> Bulk { get; } = [];

        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(new DnsWireQuery(query.Type, query.Name, DnsOutcome.NoError, "NOERROR", ["10.0.0.1"], 0.1, 0, server.ToString(), useTcp));

        public async Task<DnsBulkRun> RunBulkAsync(DnsBulkRequest request, IProgress<int>? completed, CancellationToken cancellationToken)
        {
            Bulk.Add(request);
            var one = await QueryAsync(request.Query, request.Server, false, request.Timeout, cancellationToken);
            return new DnsBulkRun(Enumerable.Repeat(one, request.Count).ToArray(), TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>The general path only (no bulk form).</summary>
    private sealed class GeneralOnly(IDnsTransport inner) : IDnsTransport
    {
        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.QueryAsync(query, server, useTcp, timeout, cancellationToken);
    }

    /// <summary>A clock that only moves when a timer is created: it jumps to the timer's due time and fires it.</summary>
    private sealed class JumpingClock : TimeProvider
    {
        private long _now;

        public List<TimeSpan> Waits { get; } = [];

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _now);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Waits)
            {
                Waits.Add(dueTime);
                Interlocked.Add(ref _now, dueTime.Ticks);
            }

            callback(state);
            return new Fired();
        }

        private sealed class Fired : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task the_rate_goes_to_the_bulk_transport()
    {
        // Given a one-query lookup (FQDN, one type) with a rate
        var transport = new AnsweringTransport();
        var request = new DnsProbeRequest("web.demo.svc.cluster.local.", Pod, ResolverLibc.Glibc, Count: 10, Concurrency: 4, Type: DnsRecordType.A, Rate: 2500);

        // When
        var run = await new DnsProber(transport).ProbeAsync(request, null, TestContext.Current.CancellationToken);

        // Then
        transport.Bulk.Should().ContainSingle().Which.Rate.Should().Be(2500);
        run.Samples.Should().HaveCount(10);
    }

    [Fact]
    public async Task on_the_general_path_each_lookup_waits_for_its_slot_on_the_probers_clock()
    {
        // Given a search-list lookup (general path), 5 lookups one at a time at 10 per second, on a manual clock
        var clock = new JumpingClock();
        var request = new DnsProbeRequest("web", Pod, ResolverLibc.Glibc, Count: 5, Concurrency: 1, Type: DnsRecordType.A, Rate: 10);

        // When
        var run = await new DnsProber(new GeneralOnly(new AnsweringTransport()), clock).ProbeAsync(request, null, TestContext.Current.CancellationToken);

        // Then lookups 1..4 each waited 100 ms for their slot; lookup 0 did not wait
        run.Samples.Should().HaveCount(5).And.OnlyContain(s => s.Outcome == DnsOutcome.NoError);
        clock.Waits.Should().Equal(Enumerable.Repeat(TimeSpan.FromMilliseconds(100), 4));
        run.Summary.Count.Should().Be(5);
    }

    [Fact]
    public async Task without_a_rate_the_general_path_never_waits()
    {
        // Given
        var clock = new JumpingClock();
        var request = new DnsProbeRequest("web", Pod, ResolverLibc.Glibc, Count: 5, Concurrency: 2, Type: DnsRecordType.A);

        // When
        await new DnsProber(new GeneralOnly(new AnsweringTransport()), clock).ProbeAsync(request, null, TestContext.Current.CancellationToken);

        // Then
        clock.Waits.Should().BeEmpty();
    }
}
