using Companion.Core.Dns;

namespace Companion.Core.Tests.Dns;

/// <summary>When the prober hands a run to a bulk transport, and that the results are those of the general path.</summary>
public sealed class DnsProberBulkTests
{
    private static readonly ResolvConf Pod = ResolvConf.ClusterFirst("10.96.0.10", "demo");

    /// <summary>One fixed outcome for every query; the bulk form repeats the single query's result.</summary>
    private class FixedTransport(DnsOutcome outcome) : IDnsTransport
    {
        public int Queries { get; private set; }

        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Queries++;
            var rcode = outcome switch { DnsOutcome.NxDomain => "NXDOMAIN", DnsOutcome.ServFail => "SERVFAIL", DnsOutcome.Refused => "REFUSED", DnsOutcome.Timeout => "TIMEOUT", _ => "NOERROR" };
            string[] answers = outcome == DnsOutcome.NoError ? ["10.0.0.1"] : [];
            return Task.FromResult(new DnsWireQuery(query.Type, query.Name, outcome, rcode, answers, 0.25, 0, server.ToString(), useTcp));
        }
    }

    private sealed class FixedBulkTransport(DnsOutcome outcome) : FixedTransport(outcome), IDnsBulkTransport
    {
        public List<DnsBulkRequest> Bulk { get; } = [];

        public async Task<DnsBulkRun> RunBulkAsync(DnsBulkRequest request, IProgress<int>? completed, CancellationToken cancellationToken)
        {
            Bulk.Add(request);
            var one = await QueryAsync(request.Query, request.Server, false, request.Timeout, cancellationToken);
            for (var i = 1; i <= request.Count; i++)
            {
                completed?.Report(i);
            }

            return new DnsBulkRun(Enumerable.Repeat(one, request.Count).ToArray(), TimeSpan.FromMilliseconds(request.Count));
        }
    }

    private sealed class ListProgress : IProgress<ProbeProgress>
    {
        public List<ProbeProgress> Seen { get; } = [];

        public void Report(ProbeProgress value) => Seen.Add(value);
    }

    private static object Shape(DnsProbeResult r) => new
    {
        r.Name,
        r.Outcome,
        r.Addresses,
        r.AnsweredName,
        Queries = r.Queries.Select(q => new { q.Type, q.Name, q.Outcome, q.Rcode, q.Answers, q.Server, q.Tcp, q.Ms }).ToArray(),
    };

    [Theory]
    [InlineData(DnsOutcome.NoError, ResolverLibc.Glibc)]
    [InlineData(DnsOutcome.NoData, ResolverLibc.Glibc)]
    [InlineData(DnsOutcome.NoData, ResolverLibc.Musl)]
    [InlineData(DnsOutcome.NxDomain, ResolverLibc.Glibc)]
    [InlineData(DnsOutcome.NxDomain, ResolverLibc.Musl)]
    [InlineData(DnsOutcome.ServFail, ResolverLibc.Glibc)]
    [InlineData(DnsOutcome.ServFail, ResolverLibc.Musl)]
    [InlineData(DnsOutcome.Refused, ResolverLibc.Glibc)]
    [InlineData(DnsOutcome.Timeout, ResolverLibc.Musl)]
    [InlineData(DnsOutcome.Error, ResolverLibc.Glibc)]
    public async Task a_one_query_run_goes_to_the_bulk_transport_with_the_general_paths_results(DnsOutcome outcome, ResolverLibc libc)
    {
        // Given a fully qualified name and one type: one wire query per lookup
        var request = new DnsProbeRequest("web.demo.svc.cluster.local.", Pod, libc, Count: 5, Concurrency: 2, Type: DnsRecordType.A);
        var bulk = new FixedBulkTransport(outcome);
        var general = new FixedTransport(outcome);

        // When
        var fast = await new DnsProber(bulk).ProbeAsync(request, null, TestContext.Current.CancellationToken);
        var slow = await new DnsProber(general).ProbeAsync(request, null, TestContext.Current.CancellationToken);

        // Then
        bulk.Bulk.Should().ContainSingle().Which.Should().Be(new DnsBulkRequest(
            new PlannedQuery(DnsRecordType.A, "web.demo.svc.cluster.local"), new DnsServerEndpoint("10.96.0.10"), TimeSpan.FromSeconds(Pod.TimeoutSeconds), 5, 2));
        fast.Samples.Select(Shape).Should().BeEquivalentTo(slow.Samples.Select(Shape), o => o.WithStrictOrdering());
        fast.Samples.Should().OnlyContain(s => s.Outcome == outcome && s.TotalMs == 0.25 && s.Queries[0].StartMs == 0, "the lookup is its one query");
        fast.Summary.Outcomes.Should().Equal(slow.Summary.Outcomes);
        fast.Summary.Count.Should().Be(5);
        fast.Summary.Qps.Should().BeApproximately(5 / 0.005, 1e-6, "qps comes from the bulk series' own wall time");
    }

    [Fact]
    public async Task runs_with_a_search_list_an_address_pair_tcp_or_rotation_take_the_general_path()
    {
        // Given four runs that are not one UDP query to one server per lookup
        var rotating = Pod with { Nameservers = ["10.96.0.10", "10.96.0.11"], Rotate = true };
        DnsProbeRequest[] requests =
        [
            new("web", Pod, ResolverLibc.Glibc, Count: 3, Type: DnsRecordType.A),
            new("web.demo.svc.cluster.local.", Pod, ResolverLibc.Glibc, Count: 3),
            new("web.demo.svc.cluster.local.", Pod, ResolverLibc.Glibc, Count: 3, UseTcp: true, Type: DnsRecordType.A),
            new("web.demo.svc.cluster.local.", rotating, ResolverLibc.Glibc, Count: 3, Type: DnsRecordType.A),
        ];

        foreach (var request in requests)
        {
            var transport = new FixedBulkTransport(DnsOutcome.NxDomain);

            // When
            var run = await new DnsProber(transport).ProbeAsync(request, null, TestContext.Current.CancellationToken);

            // Then
            transport.Bulk.Should().BeEmpty();
            run.Samples.Should().HaveCount(3);
            transport.Queries.Should().Be(run.Samples.Sum(s => s.Queries.Count), "every wire query went through the per-query path");
        }
    }

    [Fact]
    public async Task progress_of_a_bulk_run_climbs_to_the_total()
    {
        // Given
        var request = new DnsProbeRequest("web.demo.svc.cluster.local.", Pod, ResolverLibc.Musl, Count: 7, Concurrency: 3, Type: DnsRecordType.AAAA);
        var progress = new ListProgress();

        // When
        await new DnsProber(new FixedBulkTransport(DnsOutcome.NoData)).ProbeAsync(request, progress, TestContext.Current.CancellationToken);

        // Then
        progress.Seen.Select(p => p.Completed).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        progress.Seen.Should().OnlyContain(p => p.Total == 7);
    }
}
