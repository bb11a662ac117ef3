using System.Net;
using System.Net.Sockets;
using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>The DnsClient-based transport (TCP, and answers too big for UDP) with names DnsClient cannot encode.</summary>
public sealed class DnsClientTransportTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_name_dnsclient_cannot_encode_is_an_error_outcome_not_an_exception(bool useTcp)
    {
        // Given a listening loopback port (nothing is sent to it: the name fails before any query leaves)
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new DnsServerEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        var transport = new DnsClientTransport();
        var name = new string('\u24D1', 110) + ".demo.svc.cluster.local"; // 'ⓑ' × 110: not a valid IDN label (found by the fuzz tests)

        // When
        var result = await transport.QueryAsync(new PlannedQuery(DnsRecordType.A, name), server, useTcp, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        // Then
        result.Outcome.Should().Be(DnsOutcome.Error);
        result.Rcode.Should().Be("BADNAME");
    }
}
