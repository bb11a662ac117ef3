using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Lab;

/// <summary>
/// <see cref="IDnsTransport"/> from inside a lab pod: every query gets its own socket created in the pod's network
/// namespace (<see cref="NetnsSocket"/>), so it leaves through the pod's eth0 and meets the node's kube-proxy rules on the
/// way to kube-dns, as the pod's own resolver would. One attempt, one server, an explicit timeout; a truncated UDP answer is
/// asked again over TCP. The clock starts after the socket exists (a libc opens its socket in microseconds).
/// </summary>
public sealed class LabDnsTransport(string netns) : IDnsTransport
{
    private int _id = Random.Shared.Next(ushort.MaxValue);

    public async Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        if (!IPAddress.TryParse(server.Address, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return Wire(query, server, useTcp, DnsOutcome.Error, "ERROR", [], 0);
        }

        var id = (ushort)Interlocked.Increment(ref _id);
        var request = LabDnsWire.Query(id, query.Name, query.Type);
        var endpoint = new IPEndPoint(address, server.Port);
        using var socket = await NetnsSocket.CreateAsync(netns, useTcp ? SocketType.Stream : SocketType.Dgram, useTcp ? ProtocolType.Tcp : ProtocolType.Udp, cancellationToken)
            .ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var answer = useTcp
                ? await AskTcpAsync(socket, endpoint, request, limit.Token).ConfigureAwait(false)
                : await AskUdpAsync(socket, endpoint, request, id, limit.Token).ConfigureAwait(false);
            var read = LabDnsWire.ReadAnswer(answer, query.Type);
            if (read is { Truncated: true } && !useTcp)
            {
                var overTcp = await QueryAsync(query, server, true, timeout, cancellationToken).ConfigureAwait(false);
                return overTcp with { Ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
            }

            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return read is not { } r
                ? Wire(query, server, useTcp, DnsOutcome.Error, "ERROR", [], ms)
                : Wire(query, server, useTcp, Outcome(r.Rcode, r.Answers.Count), RcodeName(r.Rcode), r.Answers, ms);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Wire(query, server, useTcp, DnsOutcome.Timeout, "TIMEOUT", [], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (SocketException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Wire(query, server, useTcp, DnsOutcome.Error, "ERROR", [], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static async Task<byte[]> AskUdpAsync(Socket socket, IPEndPoint server, byte[] request, ushort id, CancellationToken cancellationToken)
    {
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
            {
                return buffer[..n];
            }
        }
    }

    private static async Task<byte[]> AskTcpAsync(Socket socket, IPEndPoint server, byte[] request, CancellationToken cancellationToken)
    {
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var header = await ReadExactlyAsync(socket, 2, cancellationToken).ConfigureAwait(false);
        return await ReadExactlyAsync(socket, BinaryPrimitives.ReadUInt16BigEndian(header), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            read += n;
        }

        return buffer;
    }

    private static DnsWireQuery Wire(PlannedQuery q, DnsServerEndpoint server, bool tcp, DnsOutcome outcome, string rcode, IReadOnlyList<string> answers, double ms) =>
        new(q.Type, q.Name, outcome, rcode, answers, ms, 0, server.ToString(), tcp);

    private static DnsOutcome Outcome(int rcode, int answers) => rcode switch
    {
        0 => answers > 0 ? DnsOutcome.NoError : DnsOutcome.NoData,
        2 => DnsOutcome.ServFail,
        3 => DnsOutcome.NxDomain,
        5 => DnsOutcome.Refused,
        _ => DnsOutcome.Error,
    };

    private static string RcodeName(int rcode) => rcode switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        _ => "RCODE" + rcode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
