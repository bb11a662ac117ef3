using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// One query sent N times with C in flight over one connected UDP socket, on one dedicated thread, the way dnsperf's
/// loop does it: send until C are in flight; wait for the socket; drain every queued datagram, stamping each the
/// moment it is read, before anything else; then send the replacements. Nothing is allocated per lookup while the
/// clock runs (timestamps and results go into arrays sized up front, the query bytes are written once and only the id
/// changes, and an answer whose bytes after the id equal an answer already read reuses its parsed form), so there is
/// no thread hop, task, timer or garbage collection per lookup. Deadlines are swept at least every <see cref="Tick"/>;
/// cancellation is seen within a tick. The socket is this series' own, closed when it ends.
/// </summary>
internal sealed class UdpBulkEngine
{
    /// <summary>Result codes besides an index into the parsed answers.</summary>
    private const int Pending = -3;
    private const int TimedOut = -1;
    private const int Failed = -2;
    private const int Batch = 64;
    private const int CacheSize = 8;
    private const int MaxInFlight = 0x10000 - 1;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly PlannedQuery _query;
    private readonly IPEndPoint _server;
    private readonly string _serverText;
    private readonly long _timeoutTicks;
    private readonly int _count;
    private readonly int _concurrency;
    private readonly IProgress<int>? _progress;
    private readonly long[] _sent;
    private readonly long[] _done;
    private readonly int[] _result;
    private readonly ushort[] _idOf;
    private readonly int[] _lookupOfId = new int[0x10000];
    private readonly List<DnsWireAnswer> _parsed = [];
    private readonly byte[][] _cache = new byte[CacheSize][];
    private readonly int[] _cacheLength = new int[CacheSize];
    private readonly int[] _cacheParsed = new int[CacheSize];
    private int _cached;
    private int _completed;

    private UdpBulkEngine(DnsBulkRequest request, IPEndPoint server, IProgress<int>? progress)
    {
        _query = request.Query;
        _server = server;
        _serverText = request.Server.ToString();
        _timeoutTicks = (long)(request.Timeout.TotalSeconds * Stopwatch.Frequency);
        _count = Math.Max(1, request.Count);
        _concurrency = Math.Clamp(request.Concurrency, 1, Math.Min(_count, MaxInFlight));
        _progress = progress;
        _sent = new long[_count];
        _done = new long[_count];
        _result = new int[_count];
        _idOf = new ushort[_count];
        Array.Fill(_result, Pending);
        Array.Fill(_lookupOfId, -1);
    }

    /// <summary>What came back for each lookup, in send order.</summary>
    public sealed record Series(IReadOnlyList<DnsWireQuery> Queries, IReadOnlyList<bool> Truncated, TimeSpan Wall);

    /// <summary>Runs the series on a thread of its own. Only cancellation throws.</summary>
    public static Task<Series> RunAsync(DnsBulkRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Series>(TaskCreationOptions.RunContinuationsAsynchronously);
        IPEndPoint server;
        try
        {
            server = new IPEndPoint(IPAddress.Parse(request.Server.Address), request.Server.Port);
        }
        catch (FormatException)
        {
            return Task.FromResult(new UdpBulkEngine(request, new IPEndPoint(IPAddress.Loopback, 0), progress).AllFailed());
        }

        var engine = new UdpBulkEngine(request, server, progress);
        var thread = new Thread(() =>
        {
            try
            {
                done.TrySetResult(engine.Run(cancellationToken));
            }
            catch (OperationCanceledException ex)
            {
                done.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "companion-dns-bulk" };
        thread.Start();
        return done.Task;
    }

    private Series Run(CancellationToken cancellationToken)
    {
        var template = new byte[DnsWireFormat.MaxUdpSize];
        var length = DnsWireFormat.WriteQuery(template, 0, _query.Name, _query.Type);
        if (length < 0)
        {
            return AllFailed();
        }

        Socket socket;
        try
        {
            socket = new Socket(_server.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        }
        catch (SocketException)
        {
            return AllFailed();
        }

        using (socket)
        {
            try
            {
                // connected: the kernel drops datagrams from any other address, and reports ICMP port unreachable
                socket.Connect(_server);
            }
            catch (SocketException)
            {
                return AllFailed();
            }

            var (first, last) = Loop(socket, template.AsSpan(0, length).ToArray(), cancellationToken);
            return Collect(Stopwatch.GetElapsedTime(first, last));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (long First, long Last) Loop(Socket socket, byte[] query, CancellationToken cancellationToken)
    {
        var buffers = new byte[Batch][];
        var lengths = new int[Batch];
        var stamps = new long[Batch];
        for (var i = 0; i < Batch; i++)
        {
            buffers[i] = new byte[4096];
        }

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
            while (next < _count && next - _completed < _concurrency)
            {
                while (_lookupOfId[nextId] >= 0)
                {
                    nextId++;
                }

                Send(socket, query, next, nextId++);
                next++;
            }

            var count = 0;
            var error = SocketError.Success;
            if (_completed < _count)
            {
                // poll does not count a pending socket error (ICMP port unreachable) as readable: recv is tried anyway
                socket.Poll(tickMicroseconds, SelectMode.SelectRead);
                while (count < Batch)
                {
                    lengths[count] = socket.Receive(buffers[count], 0, buffers[count].Length, SocketFlags.None, out error);
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
                Match(buffers[i].AsSpan(0, lengths[i]), check, stamps[i]);
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
    private void Match(ReadOnlySpan<byte> datagram, byte[] check, long stamp)
    {
        if (datagram.Length < 12)
        {
            return;
        }

        var id = (ushort)((datagram[0] << 8) | datagram[1]);
        var lookup = _lookupOfId[id];
        if (lookup < 0)
        {
            return; // a late answer to a timed-out query, or junk
        }

        var body = datagram[2..];
        for (var i = 0; i < _cached; i++)
        {
            if (body.SequenceEqual(_cache[i].AsSpan(0, _cacheLength[i])))
            {
                Finish(lookup, _cacheParsed[i], stamp);
                return;
            }
        }

        check[0] = datagram[0];
        check[1] = datagram[1];
        if (DnsWireFormat.ReadResponse(datagram, check, _query.Type) is not { } answer)
        {
            return; // not the answer to this question
        }

        _parsed.Add(answer);
        var slot = _cached < CacheSize ? _cached++ : (_parsed.Count - 1) % CacheSize;
        _cache[slot] = body.ToArray();
        _cacheLength[slot] = body.Length;
        _cacheParsed[slot] = _parsed.Count - 1;
        Finish(lookup, _parsed.Count - 1, stamp);
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

    private Series AllFailed()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _count; i++)
        {
            _result[i] = Failed;
            _sent[i] = _done[i] = now;
        }

        return Collect(TimeSpan.Zero);
    }

    /// <summary>The results as wire queries (built after the clock stopped).</summary>
    private Series Collect(TimeSpan wall)
    {
        var server = _serverText;
        var queries = new DnsWireQuery[_count];
        var truncated = new bool[_count];
        var timeout = new DnsWireQuery(_query.Type, _query.Name, DnsOutcome.Timeout, "TIMEOUT", [], 0, 0, server, false);
        var failed = timeout with { Outcome = DnsOutcome.Error, Rcode = "ERROR" };
        var answered = _parsed.Select(a => a.Malformed
            ? failed
            : timeout with { Outcome = DnsRcode.Outcome(a.Rcode, a.Answers.Count), Rcode = DnsRcode.Name(a.Rcode), Answers = a.Answers }).ToArray();
        for (var i = 0; i < _count; i++)
        {
            var ms = Math.Max(0, Stopwatch.GetElapsedTime(_sent[i], _done[i]).TotalMilliseconds);
            var r = _result[i];
            queries[i] = (r switch { TimedOut => timeout, >= 0 => answered[r], _ => failed }) with { Ms = ms };
            truncated[i] = r >= 0 && _parsed[r] is { Truncated: true, Malformed: false };
        }

        return new Series(queries, truncated, wall);
    }
}
