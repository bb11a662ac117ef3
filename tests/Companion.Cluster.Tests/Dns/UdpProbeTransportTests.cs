using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>The probe's UDP transport against a real dnsmasq on loopback, and against a hand-made misbehaving server.</summary>
public static class UdpProbeTransportTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    private static DnsServerEndpoint Endpoint(string server)
    {
        DnsServerEndpoint.TryParse(server, out var endpoint, out _).Should().BeTrue();
        return endpoint!;
    }

    /// <summary>A UDP socket on 127.0.0.1 that this test reads and answers itself.</summary>
    private static (Socket Socket, DnsServerEndpoint Endpoint) FakeServer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (socket, new DnsServerEndpoint("127.0.0.1", ((IPEndPoint)socket.LocalEndPoint!).Port));
    }

    /// <summary>Reads one query on <paramref name="fake"/> and sends back, in order, the datagrams <paramref name="replies"/> makes of it and its id.</summary>
    private static Task AnswerOneQueryAsync(Socket fake, Func<byte[], ushort, byte[][]> replies) => Task.Run(async () =>
    {
        var buffer = new byte[512];
        var got = await fake.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), Ct);
        var query = buffer.AsSpan(0, got.ReceivedBytes).ToArray();
        foreach (var reply in replies(query, (ushort)((query[0] << 8) | query[1])))
        {
            await fake.SendToAsync(reply, got.RemoteEndPoint, Ct);
        }
    }, Ct);

    /// <summary>Turns a query into a NOERROR answer with one A record 10.9.8.<paramref name="last"/> (the question is echoed).</summary>
    private static byte[] Answer(ReadOnlySpan<byte> query, ushort? id = null, byte last = 7)
    {
        byte[] record = [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 9, 8, last];
        var r = new byte[query.Length + record.Length];
        query.CopyTo(r);
        record.CopyTo(r, query.Length);
        r[2] = 0x81;
        r[3] = 0x80;
        r[7] = 1;
        if (id is { } other)
        {
            r[0] = (byte)(other >> 8);
            r[1] = (byte)other;
        }

        return r;
    }

    public sealed class Against_dnsmasq(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
    {
        [Fact]
        public async Task answers_nodata_and_nxdomain_come_back_with_their_rcodes()
        {
            // Given
            var server = Endpoint(fixture.Require().Server);
            using var transport = new UdpProbeTransport();

            // When
            var a = await transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "web.demo.svc.cluster.local"), server, false, TwoSeconds, Ct);
            var aaaa = await transport.QueryAsync(new PlannedQuery(DnsRecordType.AAAA, "api.demo.svc.cluster.local"), server, false, TwoSeconds, Ct);
            var srv = await transport.QueryAsync(new PlannedQuery(DnsRecordType.SRV, "_http._tcp.web.demo.svc.cluster.local"), server, false, TwoSeconds, Ct);
            var nodata = await transport.QueryAsync(new PlannedQuery(DnsRecordType.AAAA, "web.demo.svc.cluster.local"), server, false, TwoSeconds, Ct);
            var missing = await transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "missing.demo.svc.cluster.local"), server, false, TwoSeconds, Ct);

            // Then
            a.Should().BeEquivalentTo(new { Outcome = DnsOutcome.NoError, Rcode = "NOERROR", Answers = new[] { DnsTestZone.WebIp }, Tcp = false, Server = server.ToString() });
            a.Ms.Should().BePositive();
            aaaa.Answers.Should().Equal(DnsTestZone.ApiIp6);
            srv.Answers.Should().ContainSingle().Which.Should().EndWith(" 80 web.demo.svc.cluster.local");
            nodata.Should().BeEquivalentTo(new { Outcome = DnsOutcome.NoData, Rcode = "NOERROR", Answers = Array.Empty<string>() });
            missing.Should().BeEquivalentTo(new { Outcome = DnsOutcome.NxDomain, Rcode = "NXDOMAIN", Answers = Array.Empty<string>() });
        }

        [Fact]
        public async Task many_queries_in_flight_on_one_socket_each_get_their_own_answer()
        {
            // Given 300 queries, three different names, 50 at a time
            var dnsmasq = fixture.Require();
            var server = Endpoint(dnsmasq.Server);
            using var transport = new UdpProbeTransport();
            (string Name, DnsRecordType Type, string Expected)[] asks =
            [
                ("web.demo.svc.cluster.local", DnsRecordType.A, DnsTestZone.WebIp),
                ("api.demo.svc.cluster.local", DnsRecordType.A, DnsTestZone.ApiIp),
                ("api.demo.svc.cluster.local", DnsRecordType.AAAA, DnsTestZone.ApiIp6),
            ];
            var before = (await dnsmasq.SettledQueriesAsync(Ct)).Count;
            using var gate = new SemaphoreSlim(50);

            // When
            var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
            {
                await gate.WaitAsync(Ct);
                try
                {
                    var ask = asks[i % asks.Length];
                    var q = await transport.QueryAsync(new PlannedQuery(ask.Type, ask.Name), server, false, TwoSeconds, Ct);
                    return (ask.Expected, q);
                }
                finally
                {
                    gate.Release();
                }
            }));

            // Then every answer is the one for its own question, and dnsmasq saw each query once
            results.Should().OnlyContain(r => r.q.Outcome == DnsOutcome.NoError && r.q.Answers.Count == 1 && r.q.Answers[0] == r.Expected);
            ((await dnsmasq.SettledQueriesAsync(Ct, before + 300)).Count - before).Should().Be(300);
        }

        [Fact]
        public async Task an_answer_too_big_for_udp_is_asked_again_over_tcp()
        {
            // Given a 600-byte TXT record: dnsmasq sets TC over UDP
            var server = Endpoint(fixture.Require().Server);
            using var transport = new UdpProbeTransport();

            // When
            var txt = await transport.QueryAsync(new PlannedQuery(DnsRecordType.TXT, "big.demo.svc.cluster.local"), server, false, TwoSeconds, Ct);

            // Then
            txt.Outcome.Should().Be(DnsOutcome.NoError);
            txt.Tcp.Should().BeTrue();
            txt.Answers.Should().Equal(DnsTestZone.BigTxtPart + DnsTestZone.BigTxtPart + DnsTestZone.BigTxtPart);
        }
    }

    public sealed class Misbehaving_servers
    {
        [Fact]
        public async Task a_server_that_never_answers_is_a_timeout_after_the_timeout()
        {
            // Given a bound socket nobody reads
            var (silent, server) = FakeServer();
            using var _ = silent;
            using var transport = new UdpProbeTransport();

            // When
            var q = await transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "web.test"), server, false, TimeSpan.FromMilliseconds(300), Ct);

            // Then
            q.Should().BeEquivalentTo(new { Outcome = DnsOutcome.Timeout, Rcode = "TIMEOUT", Answers = Array.Empty<string>() });
            q.Ms.Should().BeGreaterThanOrEqualTo(290);
        }

        [Fact]
        public async Task garbage_and_an_answer_with_another_id_are_ignored_until_the_real_answer()
        {
            // Given a server that first sends junk, a short packet and an answer with the wrong id
            var (fake, server) = FakeServer();
            using var _ = fake;
            using var transport = new UdpProbeTransport();
            byte[] junk = [.. Enumerable.Range(0, 40).Select(i => (byte)(i * 37))];
            var serve = AnswerOneQueryAsync(fake, (query, id) => [junk, new byte[5], Answer(query, (ushort)(id + 1), last: 66), query, Answer(query)]);

            // When
            var q = await transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "web.test"), server, false, TwoSeconds, Ct);
            await serve;

            // Then
            q.Outcome.Should().Be(DnsOutcome.NoError);
            q.Answers.Should().Equal("10.9.8.7");
        }

        [Fact]
        public async Task only_wrong_answers_end_as_a_timeout()
        {
            // Given a server that answers with the wrong id only
            var (fake, server) = FakeServer();
            using var _ = fake;
            using var transport = new UdpProbeTransport();
            var serve = AnswerOneQueryAsync(fake, (query, id) => [Answer(query, (ushort)(id ^ 0x5A5A))]);

            // When
            var q = await transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "web.test"), server, false, TimeSpan.FromMilliseconds(300), Ct);
            await serve;

            // Then
            q.Outcome.Should().Be(DnsOutcome.Timeout);
        }

        [Fact]
        public async Task cancellation_ends_a_query_to_a_silent_server_within_a_second()
        {
            // Given
            var (silent, server) = FakeServer();
            using var _ = silent;
            using var transport = new UdpProbeTransport();
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(TimeSpan.FromMilliseconds(200));
            var clock = Stopwatch.StartNew();

            // When
            var act = () => transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "web.test"), server, false, TimeSpan.FromSeconds(30), cts.Token);

            // Then
            await act.Should().ThrowAsync<OperationCanceledException>();
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "cancellation must not wait for the 30 s timeout");
        }

        [Fact]
        public async Task a_port_nobody_listens_on_is_an_error_not_a_hang()
        {
            // Given a port that was just closed (ICMP port unreachable on loopback)
            var (closed, server) = FakeServer();
            closed.Dispose();
            using var transport = new UdpProbeTransport();

            // When A and AAAA go out together, as glibc sends them
            var both = await Task.WhenAll(
                transport.QueryAsync(new PlannedQuery(DnsRecordType.A, "web.test"), server, false, TimeSpan.FromSeconds(5), Ct),
                transport.QueryAsync(new PlannedQuery(DnsRecordType.AAAA, "web.test"), server, false, TimeSpan.FromSeconds(5), Ct));

            // Then both are errors (the one ICMP error may surface on either query's send or receive), not timeouts
            both.Should().OnlyContain(q => q.Outcome == DnsOutcome.Error && q.Ms < 5000);
        }
    }
}
