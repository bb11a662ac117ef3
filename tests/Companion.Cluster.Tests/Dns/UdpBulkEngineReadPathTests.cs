using System.Net;
using System.Net.Sockets;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>
/// The bulk engine's two read paths (Linux: <c>recvmmsg</c> with the kernel's receive stamps; elsewhere, or with
/// COMPANION_DNS_STAMPS=user: <c>recv</c>, stamped when read) against a real dnsmasq, and its pacing (<c>Rate</c>),
/// checked on the send times the engine records, never on how long anything took.
/// </summary>
public static class UdpBulkEngineReadPathTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static object Shape(DnsWireQuery q) => new { q.Type, q.Name, q.Outcome, q.Rcode, q.Answers, q.Server, q.Tcp };

    public sealed class Against_dnsmasq(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>
    {
        [Theory]
        [InlineData("web.demo.svc.cluster.local.", DnsRecordType.A)]
        [InlineData("api.demo.svc.cluster.local.", DnsRecordType.AAAA)]
        [InlineData("web.demo.svc.cluster.local.", DnsRecordType.AAAA)]
        [InlineData("missing.demo.svc.cluster.local.", DnsRecordType.A)]
        [InlineData("_http._tcp.web.demo.svc.cluster.local.", DnsRecordType.SRV)]
        [InlineData("big.demo.svc.cluster.local.", DnsRecordType.TXT)]
        public async Task the_kernel_stamp_read_path_gives_the_same_answers_as_the_plain_read_path(string name, DnsRecordType type)
        {
            Assert.SkipUnless(UdpKernelStamps.Supported, "kernel receive stamps (recvmmsg, SO_TIMESTAMPNS) are Linux only");

            // Given
            var dnsmasq = fixture.Require();
            var request = new DnsBulkRequest(new PlannedQuery(type, name), new DnsServerEndpoint("127.0.0.1", dnsmasq.Port), TimeSpan.FromSeconds(5), 60, 8);

            // When
            var kernel = await UdpBulkEngine.RunAsync(request, null, Ct, kernelStamps: true);
            var plain = await UdpBulkEngine.RunAsync(request, null, Ct, kernelStamps: false);

            // Then
            kernel.KernelStamps.Should().BeTrue();
            plain.KernelStamps.Should().BeFalse();
            kernel.Queries.Select(Shape).Should().BeEquivalentTo(plain.Queries.Select(Shape), o => o.WithStrictOrdering());
            kernel.Truncated.Should().Equal(plain.Truncated);
            kernel.Queries.Should().OnlyContain(q => q.Outcome != DnsOutcome.Timeout && q.Outcome != DnsOutcome.Error);
        }

        [Fact]
        public async Task kernel_stamped_times_are_after_each_send_and_inside_the_callers_own_clock()
        {
            Assert.SkipUnless(UdpKernelStamps.Supported, "kernel receive stamps are Linux only");

            // Given
            var dnsmasq = fixture.Require();
            var request = new DnsBulkRequest(new PlannedQuery(DnsRecordType.A, "web.demo.svc.cluster.local."), new DnsServerEndpoint("127.0.0.1", dnsmasq.Port), TimeSpan.FromSeconds(5), 200, 16);

            // When
            var outside = System.Diagnostics.Stopwatch.StartNew();
            var series = await UdpBulkEngine.RunAsync(request, null, Ct, kernelStamps: true);
            outside.Stop();

            // Then the realtime → monotonic conversion put every answer after its send (an answer stamped before its
            // send would be 0 ms) and the last one before the run ended on this thread's clock
            series.Queries.Should().OnlyContain(q => q.Outcome == DnsOutcome.NoError && q.Ms > 0);
            series.Wall.Should().BeLessThanOrEqualTo(outside.Elapsed);
        }

        [Fact]
        public async Task a_rate_sends_lookup_i_no_earlier_than_i_over_the_rate_and_all_of_them_once()
        {
            // Given 200 lookups per second: 5 ms apart, while 20 in flight would allow all at once
            var dnsmasq = fixture.Require();
            var request = new DnsBulkRequest(new PlannedQuery(DnsRecordType.A, "web.demo.svc.cluster.local."), new DnsServerEndpoint("127.0.0.1", dnsmasq.Port), TimeSpan.FromSeconds(5), 20, 20, Rate: 200);
            var before = (await dnsmasq.SettledQueriesAsync(Ct)).Count;

            // When
            var paced = await UdpBulkEngine.RunAsync(request, null, Ct);
            var sentPaced = (await dnsmasq.SettledQueriesAsync(Ct, before + 20)).Count - before;

            // Then every send is at or after its slot (the engine's own send stamps), in order, and each was sent once
            paced.Queries.Should().HaveCount(20).And.OnlyContain(q => q.Outcome == DnsOutcome.NoError);
            Enumerable.Range(0, 20).Should().OnlyContain(i => paced.SentMs[i] >= (i * 5.0) - 0.001);
            paced.SentMs.Should().BeInAscendingOrder();
            sentPaced.Should().Be(20);
        }
    }

    public sealed class Misbehaving_servers
    {
        [Fact]
        public async Task a_paced_run_is_cancelled_promptly_and_a_silent_server_still_times_out_on_both_read_paths()
        {
            // Given a bound socket nobody reads
            using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var server = new DnsServerEndpoint("127.0.0.1", ((IPEndPoint)silent.LocalEndPoint!).Port);
            var query = new PlannedQuery(DnsRecordType.A, "web.test");
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

            // When a paced run that would take 100 s is cancelled, and short runs time out
            var paced = UdpBulkEngine.RunAsync(new DnsBulkRequest(query, server, TimeSpan.FromSeconds(30), 1000, 4, Rate: 10), null, cts.Token);
            await Task.Delay(50, Ct);
            await cts.CancelAsync();
            var kernel = await UdpBulkEngine.RunAsync(new DnsBulkRequest(query, server, TimeSpan.FromMilliseconds(200), 4, 2), null, Ct, kernelStamps: true);
            var plain = await UdpBulkEngine.RunAsync(new DnsBulkRequest(query, server, TimeSpan.FromMilliseconds(200), 4, 2), null, Ct, kernelStamps: false);

            // Then
            await paced.Awaiting(r => r).Should().ThrowAsync<OperationCanceledException>();
            kernel.Queries.Should().HaveCount(4).And.OnlyContain(q => q.Outcome == DnsOutcome.Timeout && q.Ms >= 190);
            plain.Queries.Should().HaveCount(4).And.OnlyContain(q => q.Outcome == DnsOutcome.Timeout && q.Ms >= 190);
        }
    }
}
