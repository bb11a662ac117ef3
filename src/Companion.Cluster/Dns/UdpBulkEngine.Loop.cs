using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>The send/wait/drain loop of a <see cref="UdpBulkEngine"/> series, and how each lookup ends.</summary>
internal sealed partial class UdpBulkEngine
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (long First, long Last) Loop(Socket socket, UdpKernelStamps? kernel, byte[] query, byte[] buffer, UdpBulkDebug? debug,
        CancellationToken cancellationToken)
    {
        var lengths = new int[Batch];
        var stamps = new long[Batch];
        var check = (byte[])query.Clone();
        var tickTicks = (long)(Tick.TotalSeconds * Stopwatch.Frequency);
        var tickMicroseconds = (int)(Tick.TotalMilliseconds * 1000);
        var progressStep = Math.Max(1, _count / 100);
        var nextProgress = progressStep;
        var next = 0;
        var oldest = 0;
        var nextId = (ushort)Random.Shared.Next(0x10000);
        var first = Stopwatch.GetTimestamp();
        var nextSweep = first + tickTicks;
        while (_completed < _count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (next < _count && next - _completed < _concurrency
                   && (_intervalTicks == 0 || Stopwatch.GetTimestamp() >= first + (long)(next * _intervalTicks)))
            {
                while (_lookupOfId[nextId] >= 0)
                {
                    nextId++;
                }

                Send(socket, query, next, nextId++);
                next++;
            }

            var count = 0;
            var readAt = 0L;
            var error = SocketError.Success;
            if (_completed < _count)
            {
                // poll does not count a pending socket error (ICMP port unreachable) as readable: recv is tried anyway.
                // Paced and a send due within the tick: wait only until then (ppoll where it exists, else poll rounded
                // down to whole ms: under 1 ms, a spin).
                if (_intervalTicks > 0 && next < _count && next - _completed < _concurrency)
                {
                    var dueNs = (long)((first + (next * _intervalTicks) - Stopwatch.GetTimestamp()) * (1e9 / Stopwatch.Frequency));
                    dueNs = Math.Clamp(dueNs, 0, tickMicroseconds * 1000L);
                    if (!UdpKernelStamps.TryWait(socket, dueNs))
                    {
                        socket.Poll(dueNs < 1_000_000 ? 0 : (int)(dueNs / 1000), SelectMode.SelectRead);
                    }
                }
                else
                {
                    socket.Poll(tickMicroseconds, SelectMode.SelectRead);
                }

                if (kernel is not null)
                {
                    count = kernel.Receive(lengths, stamps, out error);
                    readAt = debug is null ? 0 : Stopwatch.GetTimestamp();
                }

                while (kernel is null && count < Batch)
                {
                    lengths[count] = socket.Receive(buffer, count * DatagramSize, DatagramSize, SocketFlags.None, out error);
                    if (error == SocketError.MessageSize)
                    {
                        continue; // over 4 KB: not an answer to a query without EDNS; dropped
                    }

                    if (error != SocketError.Success)
                    {
                        break;
                    }

                    stamps[count++] = Stopwatch.GetTimestamp();
                }
            }

            for (var i = 0; i < count; i++)
            {
                if (Match(buffer.AsSpan(i * DatagramSize, lengths[i]), check, stamps[i]) is { } lookup)
                {
                    debug?.Answered(lookup, kernel is null ? stamps[i] : readAt);
                }
            }

            var now = Stopwatch.GetTimestamp();
            if (error is not (SocketError.Success or SocketError.WouldBlock or SocketError.TimedOut or SocketError.Interrupted))
            {
                // ICMP port unreachable (nobody listens) or another error: every query in flight gets it
                FailInFlight(oldest, next, now);
            }

            if (count == 0 || now >= nextSweep)
            {
                nextSweep = now + tickTicks;
                oldest = Sweep(oldest, next, now);
            }

            if (_progress is not null && (_completed >= nextProgress || _completed == _count))
            {
                nextProgress = _completed + progressStep;
                _progress.Report(_completed);
            }
        }

        var last = first;
        for (var i = 0; i < _count; i++)
        {
            last = Math.Max(last, _done[i]);
        }

        return (first, last);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send(Socket socket, byte[] query, int lookup, ushort id)
    {
        query[0] = (byte)(id >> 8);
        query[1] = (byte)id;
        _idOf[lookup] = id;
        _lookupOfId[id] = lookup;
        var sent = Stopwatch.GetTimestamp();
        _sent[lookup] = sent;
        socket.Send(query, 0, query.Length, SocketFlags.None, out var error);
        for (var waited = 0; error == SocketError.WouldBlock && waited < 100; waited++)
        {
            // the socket's send buffer is full: wait for room (at most a second), the clock already runs
            socket.Poll(10_000, SelectMode.SelectWrite);
            socket.Send(query, 0, query.Length, SocketFlags.None, out error);
        }

        if (error != SocketError.Success)
        {
            // ICMP port unreachable of an earlier query reported on this send, or another error: this one failed
            Finish(lookup, Failed, Stopwatch.GetTimestamp());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int? Match(ReadOnlySpan<byte> datagram, byte[] check, long stamp)
    {
        if (datagram.Length < 12)
        {
            return null;
        }

        var id = (ushort)((datagram[0] << 8) | datagram[1]);
        var lookup = _lookupOfId[id];
        if (lookup < 0)
        {
            return null; // a late answer to a timed-out query, or junk
        }

        var body = datagram[2..];
        for (var i = 0; i < _cached; i++)
        {
            if (body.SequenceEqual(_cache[i].AsSpan(0, _cacheLength[i])))
            {
                Finish(lookup, _cacheParsed[i], stamp);
                return lookup;
            }
        }

        check[0] = datagram[0];
        check[1] = datagram[1];
        if (DnsWireFormat.ReadResponse(datagram, check, _query.Type) is not { } answer)
        {
            return null; // not the answer to this question
        }

        _parsed.Add(answer);
        var slot = _cached < CacheSize ? _cached++ : (_parsed.Count - 1) % CacheSize;
        _cache[slot] = body.ToArray();
        _cacheLength[slot] = body.Length;
        _cacheParsed[slot] = _parsed.Count - 1;
        Finish(lookup, _parsed.Count - 1, stamp);
        return lookup;
    }

    /// <summary>Times out the queries past their deadline; returns the first lookup still in flight (deadlines follow send order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Sweep(int oldest, int next, long now)
    {
        while (oldest < next && (_result[oldest] != Pending || now - _sent[oldest] >= _timeoutTicks))
        {
            if (_result[oldest] == Pending)
            {
                Finish(oldest, TimedOut, now);
            }

            oldest++;
        }

        return oldest;
    }

    private void FailInFlight(int oldest, int next, long now)
    {
        for (var i = oldest; i < next; i++)
        {
            if (_result[i] == Pending)
            {
                Finish(i, Failed, now);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Finish(int lookup, int result, long stamp)
    {
        if (_result[lookup] != Pending)
        {
            return;
        }

        _result[lookup] = result;
        _done[lookup] = stamp;
        if (_lookupOfId[_idOf[lookup]] == lookup)
        {
            _lookupOfId[_idOf[lookup]] = -1;
        }

        _completed++;
    }
}
