using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Lab.Tests;

/// <summary>
/// The lab's in-netns DNS probe: the messages it sends (Core's <see cref="DnsWireFormat"/>) against a real dnsmasq on
/// loopback (no root), and probes from a real lab pod (root). The codec's never-throw cases are in Companion.Core.Tests.
/// </summary>
public static class LabDnsProberTests
{
    public sealed class Wire_format
    {
        [Fact]
        public async Task a_query_is_answered_by_a_real_dnsmasq_and_the_answer_is_read()
        {
            // Given dnsmasq on a loopback port, authoritative for cluster.local, with one A record
            var port = FreeUdpPort();
            using var dnsmasq = Process.Start(new ProcessStartInfo("dnsmasq",
                ["--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1", $"--port={port}",
                 "--local=/cluster.local/", "--host-record=backend.shop.svc.cluster.local,10.96.0.101", "--pid-file="])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            try
            {
                // When asking A, AAAA and a name that does not exist
                var a = await AskAsync(port, 0x1234, "backend.shop.svc.cluster.local", DnsRecordType.A);
                var aaaa = await AskAsync(port, 0x1235, "backend.shop.svc.cluster.local.", DnsRecordType.AAAA);
                var missing = await AskAsync(port, 0x1236, "nosuch.cluster.local", DnsRecordType.A);

                // Then the ids come back, with the address, no AAAA data, and NXDOMAIN (rcode 3)
                a.Should().Be(((ushort)0x1234, 0, "10.96.0.101"));
                aaaa.Should().Be(((ushort)0x1235, 0, ""));
                missing.Should().Be(((ushort)0x1236, 3, ""));
            }
            finally
            {
                dnsmasq.Kill();
                await dnsmasq.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }

        private static async Task<(ushort Id, int Rcode, string Answers)> AskAsync(int port, ushort id, string name, DnsRecordType type)
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(10));
            var buffer = new byte[DnsWireFormat.MaxUdpSize];
            var query = buffer[..DnsWireFormat.WriteQuery(buffer, id, name, type)];
            for (var attempt = 0; ; attempt++)
            {
                await udp.SendAsync(query, new IPEndPoint(IPAddress.Loopback, port), limit.Token);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
                wait.CancelAfter(TimeSpan.FromMilliseconds(500));
                try
                {
                    var answer = await udp.ReceiveAsync(wait.Token);
                    var read = DnsWireFormat.ReadResponse(answer.Buffer, query, type)!;
                    return (BinaryPrimitives.ReadUInt16BigEndian(answer.Buffer), read.Rcode, string.Join(",", read.Answers));
                }
                catch (OperationCanceledException) when (!limit.IsCancellationRequested && attempt < 10)
                {
                    // dnsmasq may not be listening yet
                }
            }
        }

        private static int FreeUdpPort()
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }
    }

    public sealed class Transport
    {
        [Fact]
        public async Task a_name_dns_cannot_carry_is_an_error_outcome_and_no_socket_is_made()
        {
            // Given a transport for a network namespace that does not exist (making a socket in it would throw)
            var transport = new LabDnsTransport("companion-dedupe-no-such-netns");
            var tooLong = new PlannedQuery(DnsRecordType.A, new string('a', 64) + ".shop.svc.cluster.local");

            // When asking for a name with a 64-byte label
            var q = await transport.QueryAsync(tooLong, new DnsServerEndpoint("10.96.0.10", 53), false, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

            // Then it is an outcome, as on the CLI's UDP path, not an exception
            q.Outcome.Should().Be(DnsOutcome.Error);
            q.Rcode.Should().Be("ERROR");
            q.Answers.Should().BeEmpty();
        }
    }

    [Collection("lab (root)")]
    public sealed class From_a_lab_pod(SharedLabFixture lab) : IClassFixture<SharedLabFixture>
    {
        [Fact]
        public async Task a_service_name_resolves_through_the_search_list_to_its_cluster_ip()
        {
            // Given the frontend pod and the backend Service of the default lab
            var topology = lab.Require();
            var pod = topology.FindPod("shop/frontend-0")!;
            var backend = topology.Services.Single(s => s.Namespace == "shop" && s.Name == "backend");

            // When probing "backend" three times from inside the pod
            var run = await LabDnsProber.ProbeAsync(topology, pod, "backend", 3, ResolverLibc.Glibc, null, TestContext.Current.CancellationToken);

            // Then every lookup answered with the Service's cluster IP, asked of the pod's nameserver (kube-dns's Service IP)
            run.Samples.Should().HaveCount(3).And.OnlyContain(s => s.Outcome == DnsOutcome.NoError);
            run.Samples[0].Addresses.Should().Contain(backend.ClusterIp);
            run.Samples[0].AnsweredName.Should().Be($"backend.shop.svc.{topology.ClusterDomain}");
            run.Samples[0].Queries.Should().OnlyContain(q => q.Server.StartsWith(run.Request.Conf.Nameservers[0], StringComparison.Ordinal) && !q.Tcp);
            run.SourceDescription.Should().Contain($"from {pod.Key}");
        }

        [Fact]
        public async Task a_name_that_does_not_exist_walks_the_whole_search_list_and_ends_nxdomain()
        {
            // Given
            var topology = lab.Require();
            var pod = topology.FindPod("shop/frontend-0")!;

            // When
            var run = await LabDnsProber.ProbeAsync(topology, pod, "nosuch", 1, ResolverLibc.Glibc, null, TestContext.Current.CancellationToken);

            // Then each candidate of the search list and the name itself were asked (A and AAAA each), and none answered
            var result = run.Samples.Single();
            result.Outcome.Should().Be(DnsOutcome.NxDomain);
            result.Queries.Select(q => q.Name.TrimEnd('.')).Distinct().Should().HaveCount(run.Request.Conf.Search.Count + 1);
            result.Queries.Should().OnlyContain(q => q.Outcome == DnsOutcome.NxDomain);
        }

        [Fact]
        public async Task a_count_out_of_range_is_refused_before_anything_is_sent()
        {
            // Given
            var topology = lab.Require();

            // When
            var act = () => LabDnsProber.ProbeAsync(topology, topology.FindPod("shop/frontend-0")!, "backend", 0, ResolverLibc.Glibc, null, TestContext.Current.CancellationToken);

            // Then
            (await act.Should().ThrowAsync<LabException>()).Which.Message.Should().Contain(string.Create(CultureInfo.InvariantCulture, $"between 1 and {LabDnsProber.MaxCount}"));
        }
    }
}
