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
/// asked again over TCP. The clock starts after the socket exists (a libc opens its socket in microseconds). The messages
/// are Core's <see cref="DnsWireFormat"/> and the outcomes <see cref="DnsRcode"/>'s, as on the CLI's UDP path.
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
        var buffer = new byte[DnsWireFormat.MaxUdpSize];
        var length = DnsWireFormat.WriteQuery(buffer, id, query.Name, query.Type);
        if (length < 0)
        {
            // a name DNS cannot carry (an empty or over-long label, over 255 bytes): nothing leaves, as with UdpProbeTransport
            return Wire(query, server, useTcp, DnsOutcome.Error, "ERROR", [], 0);
        }

        var request = buffer[..length];
        var endpoint = new IPEndPoint(address, server.Port);
        using var socket = await NetnsSocket.CreateAsync(netns, useTcp ? SocketType.Stream : SocketType.Dgram, useTcp ? ProtocolType.Tcp : ProtocolType.Udp, cancellationToken)
            .ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var read = useTcp
                ? DnsWireFormat.ReadResponse(await AskTcpAsync(socket, endpoint, request, limit.Token).ConfigureAwait(false), request, query.Type)
                : await AskUdpAsync(socket, endpoint, request, query.Type, limit.Token).ConfigureAwait(false);
            if (read is { Truncated: true } && !useTcp)
            {
                var overTcp = await QueryAsync(query, server, true, timeout, cancellationToken).ConfigureAwait(false);
                return overTcp with { Ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
            }

            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return read is not { Malformed: false } r
                ? Wire(query, server, useTcp, DnsOutcome.Error, "ERROR", [], ms)
                : Wire(query, server, useTcp, DnsRcode.Outcome(r.Rcode, r.Answers.Count), DnsRcode.Name(r.Rcode), r.Answers, ms);
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

    /// <summary>Waits for the answer to <paramref name="request"/>: datagrams that are not (another id, another question) are skipped.</summary>
    private static async Task<DnsWireAnswer> AskUdpAsync(Socket socket, IPEndPoint server, byte[] request, DnsRecordType type, CancellationToken cancellationToken)
    {
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (DnsWireFormat.ReadResponse(buffer.AsSpan(0, n), request, type) is { } answer)
            {
                return answer;
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
}
