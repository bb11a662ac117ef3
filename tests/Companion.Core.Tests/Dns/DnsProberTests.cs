using Companion.Core.Dns;

namespace Companion.Core.Tests.Dns;

/// <summary>Decision logic of the prober with an in-memory zone (the real-server tests are in Companion.Cluster.Tests).</summary>
public sealed class DnsProberTests
{
    /// <summary>An authoritative in-memory zone: answers what it holds, NODATA for a known name's other types, else NXDOMAIN.</summary>
    private sealed class ZoneTransport(Dictionary<(DnsRecordType, string), string> records, Func<PlannedQuery, DnsOutcome?>? overrideOutcome = null) : IDnsTransport
    {
        public List<PlannedQuery> Sent { get; } = [];

        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (Sent)
            {
                Sent.Add(query);
            }

            var forced = overrideOutcome?.Invoke(query);
            var (outcome, answers) = forced is { } f ? (f, Array.Empty<string>())
                : records.TryGetValue((query.Type, query.Name), out var a) ? (DnsOutcome.NoError, new[] { a })
                : records.Keys.Any(k => k.Item2 == query.Name) ? (DnsOutcome.NoData, [])
                : (DnsOutcome.NxDomain, []);
            var rcode = outcome switch { DnsOutcome.NxDomain => "NXDOMAIN", DnsOutcome.ServFail => "SERVFAIL", DnsOutcome.Refused => "REFUSED", _ => "NOERROR" };
            return Task.FromResult(new DnsWireQuery(query.Type, query.Name, outcome, rcode, answers, 0.1, 0, server.ToString(), useTcp));
        }
    }

    private static readonly ResolvConf Pod = ResolvConf.ClusterFirst("10.96.0.10", "demo");

    [Fact]
    public async Task servfail_on_the_first_domain_continues_for_glibc_and_stops_for_musl()
    {
        // Given
        var zone = new Dictionary<(DnsRecordType, string), string> { [(DnsRecordType.A, "web.svc.cluster.local")] = "10.0.0.1" };
        DnsOutcome? ServFailFirst(PlannedQuery q) => q.Name == "web.demo.svc.cluster.local" ? DnsOutcome.ServFail : null;

        // When
        var glibc = await new DnsProber(new ZoneTransport(zone, ServFailFirst)).LookupAsync(new DnsProbeRequest("web", Pod, ResolverLibc.Glibc), TestContext.Current.CancellationToken);
        var musl = await new DnsProber(new ZoneTransport(zone, ServFailFirst)).LookupAsync(new DnsProbeRequest("web", Pod, ResolverLibc.Musl), TestContext.Current.CancellationToken);

        // Then
        glibc.Outcome.Should().Be(DnsOutcome.NoError);
        glibc.Queries.Should().HaveCount(4);
        musl.Outcome.Should().Be(DnsOutcome.ServFail);
        musl.Queries.Should().HaveCount(2);
    }

    [Fact]
    public async Task refused_stops_glibc()
    {
        // Given
        var transport = new ZoneTransport([], _ => DnsOutcome.Refused);

        // When
        var result = await new DnsProber(transport).LookupAsync(new DnsProbeRequest("web", Pod, ResolverLibc.Glibc), TestContext.Current.CancellationToken);

        // Then
        result.Outcome.Should().Be(DnsOutcome.Refused);
        transport.Sent.Select(q => q.Name).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task single_request_does_not_send_aaaa_after_an_a_timeout()
    {
        // Given
        var transport = new ZoneTransport([], _ => DnsOutcome.Timeout);

        // When
        var result = await new DnsProber(transport).LookupAsync(new DnsProbeRequest("web", Pod with { SingleRequestReopen = true }, ResolverLibc.Glibc), TestContext.Current.CancellationToken);

        // Then
        result.Outcome.Should().Be(DnsOutcome.Timeout);
        transport.Sent.Should().Equal(new PlannedQuery(DnsRecordType.A, "web.demo.svc.cluster.local"));
    }

    [Fact]
    public async Task an_all_nodata_walk_ends_as_nodata_for_glibc()
    {
        // Given every candidate exists with only a TXT record
        var zone = DnsQueryPlanner.Plan("web", Pod, ResolverLibc.Glibc).Candidates.ToDictionary(c => (DnsRecordType.TXT, c), _ => "x");

        // When
        var result = await new DnsProber(new ZoneTransport(zone)).LookupAsync(new DnsProbeRequest("web", Pod, ResolverLibc.Glibc), TestContext.Current.CancellationToken);

        // Then
        result.Outcome.Should().Be(DnsOutcome.NoData);
        result.Queries.Should().HaveCount(8);
    }

    [Fact]
    public async Task use_vc_means_tcp_for_glibc_but_not_for_musl()
    {
        // Given
        var zone = new Dictionary<(DnsRecordType, string), string> { [(DnsRecordType.A, "web.demo.svc.cluster.local")] = "10.0.0.1" };
        var conf = Pod with { UseVc = true };

        // When
        var glibc = await new DnsProber(new ZoneTransport(zone)).LookupAsync(new DnsProbeRequest("web", conf, ResolverLibc.Glibc), TestContext.Current.CancellationToken);
        var musl = await new DnsProber(new ZoneTransport(zone)).LookupAsync(new DnsProbeRequest("web", conf, ResolverLibc.Musl), TestContext.Current.CancellationToken);

        // Then
        glibc.Queries.Should().OnlyContain(q => q.Tcp);
        musl.Queries.Should().OnlyContain(q => !q.Tcp);
    }

    [Fact]
    public async Task rotate_spreads_glibc_lookups_over_the_nameservers()
    {
        // Given
        var conf = Pod with { Nameservers = ["10.0.0.1", "10.0.0.2"], Rotate = true };
        var request = new DnsProbeRequest("web.", conf, ResolverLibc.Glibc, Count: 4);

        // When
        var run = await new DnsProber(new ZoneTransport([])).ProbeAsync(request, null, TestContext.Current.CancellationToken);

        // Then
        run.Samples.SelectMany(s => s.Queries).Select(q => q.Server).Distinct().Should().BeEquivalentTo(["10.0.0.1", "10.0.0.2"]);
    }
}
