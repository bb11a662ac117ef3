using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// Pays a transport's first-call cost (JIT, socket setup: about 150-250 ms for DnsClient) once per process and path
/// (<c>key</c>), against an in-process UDP responder on 127.0.0.1 that answers A and AAAA, so the first real query is
/// timed warm and no warm-up packet reaches the server under test.
/// </summary>
internal static class DnsWarmUp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly ConcurrentDictionary<string, bool> Done = new(StringComparer.Ordinal);

    public static async Task EnsureAsync(string key, Func<PlannedQuery, DnsServerEndpoint, TimeSpan, CancellationToken, Task<DnsWireQuery>> query, CancellationToken cancellationToken)
    {
        if (Done.ContainsKey(key))
        {
            return;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Done.ContainsKey(key))
            {
                return;
            }

            using var responder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            responder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)responder.LocalEndPoint!).Port;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            var answer = AnswerAsync(responder, 4, cts.Token);
            var server = new DnsServerEndpoint("127.0.0.1", port);
            for (var round = 0; round < 2; round++)
            {
                // A and AAAA together, as the prober sends them, so both answer parsers and the parallel path are compiled
                await Task.WhenAll(
                    query(new PlannedQuery(DnsRecordType.A, "warm-up.invalid"), server, TimeSpan.FromSeconds(2), cancellationToken),
                    query(new PlannedQuery(DnsRecordType.AAAA, "warm-up.invalid"), server, TimeSpan.FromSeconds(2), cancellationToken)).ConfigureAwait(false);
            }

            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await answer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the responder only ever answers once
            }

            Done[key] = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task AnswerAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[1500];
        for (var i = 0; i < count; i++)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var received = await socket.ReceiveFromAsync(buffer.AsMemory(0, 512), SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
            if (received.ReceivedBytes < 12)
            {
                continue;
            }

            var length = Answer(buffer, received.ReceivedBytes);
            await socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Turns the query in place into a NOERROR answer with one record of the asked type (all-zero address, TTL 0).</summary>
    private static int Answer(byte[] buffer, int length)
    {
        buffer[2] = (byte)(0x80 | (buffer[2] & 0x01));
        buffer[3] = 0x80;
        buffer[6] = 0;
        buffer[7] = 1;
        buffer[8] = buffer[9] = buffer[10] = buffer[11] = 0;
        var end = QuestionEnd(buffer, length);
        var type = (buffer[end - 4] << 8) | buffer[end - 3];
        var rdlength = type == 28 ? 16 : 4;
        byte[] rr = [0xC0, 0x0C, buffer[end - 4], buffer[end - 3], 0, 1, 0, 0, 0, 0, 0, (byte)rdlength];
        rr.CopyTo(buffer, end);
        Array.Clear(buffer, end + rr.Length, rdlength);
        return end + rr.Length + rdlength;
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
