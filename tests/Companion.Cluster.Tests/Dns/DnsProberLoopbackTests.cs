using System.Net;
using System.Net.Sockets;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>The prober on the DnsClient transport against a real dnsmasq on loopback.</summary>
public sealed class DnsProberLoopbackTests(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<(DnsProbeResult Result, IReadOnlyList<PlannedQuery> Seen)> LookupAsync(string name, ResolverLibc libc = ResolverLibc.Glibc, int ndots = 5, bool? tcp = null, DnsRecordType? type = null)
    {
        var dnsmasq = fixture.Require();
        var before = (await dnsmasq.SettledQueriesAsync(Ct)).Count;
        var prober = DnsProbeService.CreateProber();
        var result = await prober.LookupAsync(new DnsProbeRequest(name, DnsTestZone.Conf(dnsmasq.Server, ndots), libc, UseTcp: tcp, Type: type), Ct);
        var seen = (await dnsmasq.SettledQueriesAsync(Ct, before + result.Queries.Count)).Skip(before).ToArray();
        return (result, seen);
    }

    private static IEnumerable<string> Wire(IEnumerable<DnsWireQuery> queries) => queries.Select(q => $"{q.Type} {q.Name}");

    private static IEnumerable<string> Wire(IEnumerable<PlannedQuery> queries) => queries.Select(q => $"{q.Type} {q.Name}");

    public sealed class Short_names(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
    {
        private readonly DnsProberLoopbackTests _t = new(fixture);

        [Fact]
        public async Task a_short_name_resolves_at_the_first_search_domain_with_one_A_and_one_AAAA()
        {
            // Given the pod resolv.conf (ndots 5, three search domains)
            // When looking up "web" the glibc way
            var (result, seen) = await _t.LookupAsync("web");

            // Then two queries went out, both for the first expansion, and the A answer is the address
            Wire(result.Queries).Should().Equal("A web.demo.svc.cluster.local", "AAAA web.demo.svc.cluster.local");
            result.Outcome.Should().Be(DnsOutcome.NoError);
            result.Addresses.Should().Equal(DnsTestZone.WebIp);
            result.Queries[0].Rcode.Should().Be("NOERROR");
            result.Queries[1].Outcome.Should().Be(DnsOutcome.NoData);
            result.Queries.Should().OnlyContain(q => q.Ms > 0 && !q.Tcp);
            seen.Select(q => q.Name).Should().Equal(result.Queries.Select(q => q.Name));
        }

        [Fact]
        public async Task an_fqdn_without_trailing_dot_walks_the_whole_search_list_first()
        {
            // Given / When
            var (result, seen) = await _t.LookupAsync("api.demo.svc.cluster.local");

            // Then 4 dots < ndots 5: three NXDOMAIN expansions, then the name as is answers A and AAAA
            result.Queries.Should().HaveCount(8);
            result.Queries.Take(6).Should().OnlyContain(q => q.Rcode == "NXDOMAIN");
            result.Addresses.Should().BeEquivalentTo([DnsTestZone.ApiIp, DnsTestZone.ApiIp6]);
            result.AnsweredName.Should().Be("api.demo.svc.cluster.local");
            seen.Should().HaveCount(8);
        }

        [Fact]
        public async Task a_trailing_dot_sends_exactly_one_pair()
        {
            // Given / When
            var (result, seen) = await _t.LookupAsync("web.demo.svc.cluster.local.");

            // Then
            Wire(result.Queries).Should().Equal("A web.demo.svc.cluster.local", "AAAA web.demo.svc.cluster.local");
            Wire(seen).Should().BeEquivalentTo(Wire(result.Queries));
        }

        [Fact]
        public async Task tcp_gives_the_same_answers_and_marks_every_query()
        {
            // Given / When
            var (result, seen) = await _t.LookupAsync("web.demo", tcp: true);

            // Then
            result.Queries.Should().HaveCount(4).And.OnlyContain(q => q.Tcp);
            result.Addresses.Should().Equal(DnsTestZone.WebIp);
            seen.Should().HaveCount(4);
        }

        [Fact]
        public async Task an_srv_query_returns_priority_weight_port_target()
        {
            // Given / When
            var (result, _) = await _t.LookupAsync("_http._tcp.web.demo.svc.cluster.local.", type: DnsRecordType.SRV);

            // Then
            result.Queries.Should().ContainSingle().Which.Answers.Should().Equal("0 0 80 web.demo.svc.cluster.local");
        }
    }

    public sealed class Failures(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
    {
        private readonly DnsProberLoopbackTests _t = new(fixture);

        [Fact]
        public async Task a_missing_name_is_nxdomain_after_every_candidate()
        {
            // Given / When
            var (result, seen) = await _t.LookupAsync("missing");

            // Then
            result.Outcome.Should().Be(DnsOutcome.NxDomain);
            result.Queries.Should().HaveCount(8).And.OnlyContain(q => q.Outcome == DnsOutcome.NxDomain);
            Wire(seen.Skip(6)).Should().BeEquivalentTo(["A missing", "AAAA missing"]);
        }

        [Fact]
        public async Task glibc_walks_past_nodata_but_musl_stops_there()
        {
            // Given nodata.demo.svc.cluster.local has only a TXT record, nodata.svc.cluster.local has an A record
            // When
            var (glibc, _) = await _t.LookupAsync("nodata", ResolverLibc.Glibc);
            var (musl, _) = await _t.LookupAsync("nodata", ResolverLibc.Musl);

            // Then
            glibc.Queries.Should().HaveCount(4);
            glibc.Addresses.Should().Equal(DnsTestZone.NodataSvcIp);
            musl.Queries.Should().HaveCount(2).And.OnlyContain(q => q.Outcome == DnsOutcome.NoData);
            musl.Outcome.Should().Be(DnsOutcome.NoData);
            musl.Addresses.Should().BeEmpty();
        }

        [Fact]
        public async Task a_server_that_never_answers_is_a_timeout_outcome()
        {
            // Given a UDP socket that is bound but never read
            using var blackhole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            blackhole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)blackhole.LocalEndPoint!).Port;
            var request = new DnsProbeRequest("web", DnsTestZone.Conf($"127.0.0.1:{port}"), ResolverLibc.Glibc, Timeout: TimeSpan.FromMilliseconds(300));

            // When
            var result = await DnsProbeService.CreateProber().LookupAsync(request, Ct);

            // Then glibc stops at the first candidate: a timeout is not a reason to try the next one
            result.Outcome.Should().Be(DnsOutcome.Timeout);
            Wire(result.Queries).Should().Equal("A web.demo.svc.cluster.local", "AAAA web.demo.svc.cluster.local");
            result.Queries.Should().OnlyContain(q => q.Rcode == "TIMEOUT" && q.Ms >= 250);
        }

        [Fact]
        public async Task cancellation_ends_a_lookup_that_waits_for_a_silent_server()
        {
            // Given
            using var blackhole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            blackhole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)blackhole.LocalEndPoint!).Port;
            var request = new DnsProbeRequest("web", DnsTestZone.Conf($"127.0.0.1:{port}"), ResolverLibc.Glibc, Timeout: TimeSpan.FromSeconds(30));
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(TimeSpan.FromMilliseconds(200));

            // When
            var act = () => DnsProbeService.CreateProber().LookupAsync(request, cts.Token);

            // Then
            await act.Should().ThrowAsync<OperationCanceledException>();
        }
    }

    public sealed class Runs(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
    {
        [Fact]
        public async Task a_concurrent_run_counts_every_sample_and_every_wire_query()
        {
            // Given
            var dnsmasq = fixture.Require();
            var before = (await dnsmasq.SettledQueriesAsync(Ct)).Count;
            var progress = new List<ProbeProgress>();
            var request = new DnsProbeRequest("web", DnsTestZone.Conf(dnsmasq.Server), ResolverLibc.Glibc, Count: 40, Concurrency: 4);

            // When
            var run = await DnsProbeService.CreateProber("test").ProbeAsync(request, new SyncProgress(progress.Add), Ct);

            // Then
            run.Samples.Should().HaveCount(40).And.OnlyContain(s => s.Outcome == DnsOutcome.NoError);
            run.Summary.Count.Should().Be(40);
            run.Summary.Outcomes.Should().Equal(new Dictionary<string, int> { ["NoError"] = 40 });
            run.Summary.Qps.Should().BePositive();
            run.Summary.P50Ms.Should().BeLessThanOrEqualTo(run.Summary.P99Ms);
            progress.Select(p => p.Completed).Order().Should().Equal(Enumerable.Range(1, 40));
            run.SourceDescription.Should().StartWith("test; server 127.0.0.1:");
            ((await dnsmasq.SettledQueriesAsync(Ct, before + 80)).Count - before).Should().Be(80);
        }

        [Fact]
        public async Task compare_runs_the_six_what_ifs_with_their_query_counts()
        {
            // Given
            var dnsmasq = fixture.Require();

            // When
            var comparison = await DnsProbeService.CreateProber().CompareAsync(
                "api.demo.svc.cluster.local", DnsTestZone.Conf(dnsmasq.Server), ResolverLibc.Glibc, 3, null, Ct);

            // Then
            comparison.Variants.Select(v => (v.Label, v.QueriesPerLookup)).Should().Equal(
                ("as configured (ndots 5)", 8), ("ndots 5", 8), ("ndots 2", 2), ("ndots 1", 2),
                ("trailing dot (api.demo.svc.cluster.local.)", 2), ("single-request-reopen", 8));
            comparison.Variants.Should().OnlyContain(v => v.Summary.Count == 3);
        }
    }

    private sealed class SyncProgress(Action<ProbeProgress> report) : IProgress<ProbeProgress>
    {
        public void Report(ProbeProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
