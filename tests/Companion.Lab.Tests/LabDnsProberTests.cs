using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Lab.Tests;

/// <summary>The lab's in-netns DNS probe: its wire format against a real dnsmasq on loopback (no root), and probes from a real lab pod (root).</summary>
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

        [Theory]
        [InlineData(new byte[0])]
        [InlineData(new byte[] { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 })]
        [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 7, (byte)'b' })]
        public void a_short_or_non_answer_message_is_null_not_an_exception(byte[] message)
        {
            // When
            var read = LabDnsWire.ReadAnswer(message, DnsRecordType.A);

            // Then
            read.Should().BeNull();
        }

        private static async Task<(ushort Id, int Rcode, string Answers)> AskAsync(int port, ushort id, string name, DnsRecordType type)
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(10));
            for (var attempt = 0; ; attempt++)
            {
                await udp.SendAsync(LabDnsWire.Query(id, name, type), new IPEndPoint(IPAddress.Loopback, port), limit.Token);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
                wait.CancelAfter(TimeSpan.FromMilliseconds(500));
                try
                {
                    var answer = await udp.ReceiveAsync(wait.Token);
                    var read = LabDnsWire.ReadAnswer(answer.Buffer, type)!.Value;
                    return (read.Id, read.Rcode, string.Join(",", read.Answers));
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
