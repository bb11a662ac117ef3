using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>
/// The probe's bulk path (one wire query per lookup, run by <see cref="UdpBulkEngine"/>) against a real dnsmasq, compared
/// with the general path on the same transport, and against servers this test drives itself.
/// </summary>
public static class UdpBulkEngineTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>The same transport without its bulk form: the prober takes the general path.</summary>
    private sealed class GeneralOnly(IDnsTransport inner) : IDnsTransport
    {
        public Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.QueryAsync(query, server, useTcp, timeout, cancellationToken);

        public Task WarmUpAsync(CancellationToken cancellationToken) => inner.WarmUpAsync(cancellationToken);
    }

    private static object Shape(DnsProbeResult r) => new
    {
        r.Name,
        r.Outcome,
        r.Addresses,
        r.AnsweredName,
        Queries = r.Queries.Select(q => new { q.Type, q.Name, q.Outcome, q.Rcode, q.Answers, q.Server, q.Tcp }).ToArray(),
    };

    private static (Socket Socket, DnsServerEndpoint Endpoint) FakeServer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (socket, new DnsServerEndpoint("127.0.0.1", ((IPEndPoint)socket.LocalEndPoint!).Port));
    }

    /// <summary>Answers <paramref name="queries"/> queries, each with the datagrams <paramref name="replies"/> makes of it and its id.</summary>
    private static Task ServeAsync(Socket fake, int queries, Func<byte[], ushort, byte[][]> replies) => Task.Run(async () =>
    {
        var buffer = new byte[512];
        for (var i = 0; i < queries; i++)
        {
            var got = await fake.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), Ct);
            var query = buffer.AsSpan(0, got.ReceivedBytes).ToArray();
            foreach (var reply in replies(query, (ushort)((query[0] << 8) | query[1])))
            {
                await fake.SendToAsync(reply, got.RemoteEndPoint, Ct);
            }
        }
    }, Ct);

    /// <summary>A NOERROR answer with one A record 10.9.8.7, the question echoed, and <paramref name="id"/> if given.</summary>
    private static byte[] Answer(ReadOnlySpan<byte> query, ushort? id = null)
    {
        byte[] record = [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 9, 8, 7];
        var r = new byte[query.Length + record.Length];
        query.CopyTo(r);
        record.CopyTo(r, query.Length);
        (r[2], r[3], r[7]) = (0x81, 0x80, 1);
        if (id is { } other)
        {
            (r[0], r[1]) = ((byte)(other >> 8), (byte)other);
        }

        return r;
    }

    /// <summary>Whether any UDP socket of this machine's namespace is connected to 127.0.0.1:<paramref name="port"/> (/proc/net/udp).</summary>
    private static bool SocketConnectedTo(int port)
    {
        var remote = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/udp").Skip(1).Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var rem, ..] && rem == remote);
    }

    public sealed class Against_dnsmasq(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
    {
        [Theory]
        [InlineData("web.demo.svc.cluster.local.", DnsRecordType.A, ResolverLibc.Glibc, DnsOutcome.NoError)]
        [InlineData("api.demo.svc.cluster.local.", DnsRecordType.AAAA, ResolverLibc.Musl, DnsOutcome.NoError)]
        [InlineData("web.demo.svc.cluster.local.", DnsRecordType.AAAA, ResolverLibc.Glibc, DnsOutcome.NoData)]
        [InlineData("web.demo.svc.cluster.local.", DnsRecordType.AAAA, ResolverLibc.Musl, DnsOutcome.NoData)]
        [InlineData("missing.demo.svc.cluster.local.", DnsRecordType.A, ResolverLibc.Glibc, DnsOutcome.NxDomain)]
        [InlineData("_http._tcp.web.demo.svc.cluster.local.", DnsRecordType.SRV, ResolverLibc.Glibc, DnsOutcome.NoError)]
        [InlineData("big.demo.svc.cluster.local.", DnsRecordType.TXT, ResolverLibc.Glibc, DnsOutcome.NoError)]
        public async Task the_bulk_path_gives_the_general_paths_results_and_sends_one_query_per_lookup(string name, DnsRecordType type, ResolverLibc libc, DnsOutcome expected)
        {
            // Given
            var dnsmasq = fixture.Require();
            using var transport = new UdpProbeTransport();
            var request = new DnsProbeRequest(name, DnsTestZone.Conf(dnsmasq.Server), libc, Count: 20, Concurrency: 4, Type: type);
            var tcpToo = type == DnsRecordType.TXT ? 2 : 1; // the 600-byte TXT answer is truncated over UDP and asked again over TCP
            var before = (await dnsmasq.SettledQueriesAsync(Ct)).Count;

            // When
            var bulk = await new DnsProber(transport).ProbeAsync(request, null, Ct);
            var bulkQueries = (await dnsmasq.SettledQueriesAsync(Ct, before + (20 * tcpToo))).Count - before;
            var general = await new DnsProber(new GeneralOnly(transport)).ProbeAsync(request, null, Ct);

            // Then
            bulk.Samples.Should().HaveCount(20).And.OnlyContain(s => s.Outcome == expected && s.TotalMs > 0);
            bulk.Samples.Select(Shape).Should().BeEquivalentTo(general.Samples.Select(Shape), o => o.WithStrictOrdering());
            bulk.Summary.Outcomes.Should().Equal(new Dictionary<string, int> { [expected.ToString()] = 20 });
            bulkQueries.Should().Be(20 * tcpToo);
            bulk.Samples.Should().OnlyContain(s => s.Queries.Count == 1 && s.Queries[0].Tcp == (tcpToo == 2));
        }

        [Fact]
        public async Task three_hundred_lookups_fifty_in_flight_each_get_an_answer_and_are_each_sent_once()
        {
            // Given
            var dnsmasq = fixture.Require();
            using var transport = new UdpProbeTransport();
            var request = new DnsProbeRequest("web.demo.svc.cluster.local.", DnsTestZone.Conf(dnsmasq.Server), ResolverLibc.Glibc, Count: 300, Concurrency: 50, Type: DnsRecordType.A);
            var before = (await dnsmasq.SettledQueriesAsync(Ct)).Count;

            // When
            var run = await new DnsProber(transport).ProbeAsync(request, null, Ct);

            // Then
            run.Samples.Should().HaveCount(300).And.OnlyContain(s => s.Outcome == DnsOutcome.NoError && s.Addresses.SequenceEqual(new[] { DnsTestZone.WebIp }));
            run.Summary.Qps.Should().BePositive();
            ((await dnsmasq.SettledQueriesAsync(Ct, before + 300)).Count - before).Should().Be(300);
        }
    }

    public sealed class Misbehaving_servers
    {
        [Fact]
        public async Task a_server_that_never_answers_gives_timeouts_after_the_timeout()
        {
            // Given a bound socket nobody reads
            var (silent, server) = FakeServer();
            using var _ = silent;
            using var transport = new UdpProbeTransport();

            // When
            var run = await transport.RunBulkAsync(new DnsBulkRequest(new PlannedQuery(DnsRecordType.A, "web.test"), server, TimeSpan.FromMilliseconds(300), 6, 3), null, Ct);

            // Then
            run.Queries.Should().HaveCount(6).And.OnlyContain(q => q.Outcome == DnsOutcome.Timeout && q.Rcode == "TIMEOUT" && q.Ms >= 290 && q.Answers.Count == 0);
        }

        [Fact]
        public async Task junk_echoed_queries_and_answers_with_other_ids_are_ignored_until_the_real_answers()
        {
            // Given a server that sends junk, a short packet, an answer with a far-off id and the query itself before each answer
            var (fake, server) = FakeServer();
            using var _ = fake;
            using var transport = new UdpProbeTransport();
            byte[] junk = [.. Enumerable.Range(0, 40).Select(i => (byte)(i * 37))];
            var serve = ServeAsync(fake, 10, (query, id) => [junk, new byte[5], Answer(query, (ushort)(id ^ 0x5A5A)), query, Answer(query)]);

            // When
            var run = await transport.RunBulkAsync(new DnsBulkRequest(new PlannedQuery(DnsRecordType.A, "web.test"), server, TimeSpan.FromSeconds(5), 10, 2), null, Ct);
            await serve;

            // Then
            run.Queries.Should().HaveCount(10).And.OnlyContain(q => q.Outcome == DnsOutcome.NoError && q.Answers.SequenceEqual(new[] { "10.9.8.7" }));
        }

        [Fact]
        public async Task cancellation_mid_run_throws_and_leaves_no_socket_behind()
        {
            // Given a silent server, a long run and a 30 s timeout
            var (silent, server) = FakeServer();
            using var _ = silent;
            using var transport = new UdpProbeTransport();
            await transport.WarmUpAsync(Ct);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var clock = Stopwatch.StartNew();
            var run = transport.RunBulkAsync(new DnsBulkRequest(new PlannedQuery(DnsRecordType.A, "web.test"), server, TimeSpan.FromSeconds(30), 1000, 4), null, cts.Token);
            var deadline = Stopwatch.StartNew();
            while (!SocketConnectedTo(server.Port) && deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(10, Ct);
            }

            var seenDuringRun = SocketConnectedTo(server.Port);

            // When
            await cts.CancelAsync();

            // Then
            await run.Awaiting(r => r).Should().ThrowAsync<OperationCanceledException>();
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "cancellation must not wait for the 30 s timeout");
            seenDuringRun.Should().BeTrue("the series' socket is connected to the server while it runs");
            SocketConnectedTo(server.Port).Should().BeFalse("the series' thread closed its socket before the task ended");
        }

        [Fact]
        public async Task a_port_nobody_listens_on_gives_errors_not_a_hang()
        {
            // Given a port that was just closed (ICMP port unreachable on loopback)
            var (closed, server) = FakeServer();
            closed.Dispose();
            using var transport = new UdpProbeTransport();

            // When
            var run = await transport.RunBulkAsync(new DnsBulkRequest(new PlannedQuery(DnsRecordType.A, "web.test"), server, TimeSpan.FromSeconds(5), 8, 4), null, Ct);

            // Then
            run.Queries.Should().HaveCount(8).And.OnlyContain(q => q.Outcome == DnsOutcome.Error && q.Rcode == "ERROR" && q.Ms < 5000);
        }
    }
}
