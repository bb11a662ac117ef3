using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// Pays DnsClient's first-call cost (JIT, socket setup: about 150-250 ms) once per process, against an in-process UDP
/// responder on 127.0.0.1 that answers NXDOMAIN, so the first real query is timed warm and no warm-up packet
/// reaches the server under test.
/// </summary>
internal static class DnsWarmUp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static volatile bool _done;

    public static async Task EnsureAsync(Func<PlannedQuery, DnsServerEndpoint, TimeSpan, CancellationToken, Task<DnsWireQuery>> query, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_done)
            {
                return;
            }

            using var responder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            responder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)responder.LocalEndPoint!).Port;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            var answer = AnswerOnceAsync(responder, cts.Token);
            await query(new PlannedQuery(DnsRecordType.A, "warm-up.invalid"), new DnsServerEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(2), cancellationToken)
                .ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await answer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the responder only ever answers once
            }

            _done = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task AnswerOnceAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1500];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
        if (received.ReceivedBytes < 12)
        {
            return;
        }

        // Same id and question; QR=1, RD/RA set, rcode NXDOMAIN; no answer, authority or additional records.
        buffer[2] = (byte)(0x80 | (buffer[2] & 0x01));
        buffer[3] = 0x83;
        buffer[6] = buffer[7] = buffer[8] = buffer[9] = buffer[10] = buffer[11] = 0;
        var length = QuestionEnd(buffer, received.ReceivedBytes);
        await socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
    }

    private static int QuestionEnd(byte[] buffer, int length)
    {
        var i = 12;
        while (i < length && buffer[i] != 0)
        {
            i += buffer[i] + 1;
        }

        return Math.Min(length, i + 5);
    }
}
