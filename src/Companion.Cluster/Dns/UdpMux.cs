using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// All UDP queries to one server on one connected socket, the way dnsperf does it: the caller sends synchronously
/// (the clock starts right before the send); a dedicated receiver thread blocks in recv, drains every queued
/// datagram, stamping each the moment it is read, and matches it to its query by id and question; a dedicated
/// completion thread then resumes the awaiting lookups, which send their next queries from there. So a busy probe
/// needs no socket, epoll registration, timer or thread-pool hop per query, and the work of resuming lookups is
/// never charged to the answers still waiting to be read. Datagrams that match no query in flight (late answers to
/// timed-out queries, garbage) are dropped. Deadlines are checked at least every <see cref="Tick"/>.
/// </summary>
internal sealed class UdpMux : IDisposable
{
    private const int BatchSize = 64;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly long TickTimestamp = (long)(Tick.TotalSeconds * Stopwatch.Frequency);
    private readonly Socket _socket;
    private readonly string _server;
    private readonly Dictionary<ushort, UdpPendingQuery> _inFlight = [];
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _gate = new();
    private readonly BlockingCollection<(UdpPendingQuery Query, UdpQueryResult Result)> _completions = [];
    private Thread? _receiver;
    private ushort _nextId = (ushort)Random.Shared.Next(0x10000);
    private bool _idle;
    private volatile bool _disposed;

    public UdpMux(IPEndPoint server, string serverText)
    {
        _server = serverText;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Tick.TotalMilliseconds };
        try
        {
            // connected: the kernel drops datagrams from any other address, and reports ICMP port unreachable
            _socket.Connect(server);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>One query, one attempt. Timeouts and socket errors are outcomes; only cancellation throws.</summary>
    public Task<UdpQueryResult> QueryAsync(PlannedQuery query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = new UdpPendingQuery(query, ArrayPool<byte>.Shared.Rent(DnsWireFormat.MaxUdpSize));
        lock (_gate)
        {
            if (_inFlight.Count >= 0x10000 - 1)
            {
                return Task.FromResult(Fail(pending, DnsOutcome.Error, "ERROR", 0));
            }

            while (_inFlight.ContainsKey(_nextId))
            {
                _nextId++;
            }

            pending.Id = _nextId++;
            pending.Length = DnsWireFormat.WriteQuery(pending.Query, pending.Id, query.Name, query.Type);
            if (pending.Length < 0)
            {
                return Task.FromResult(Fail(pending, DnsOutcome.Error, "ERROR", 0));
            }

            pending.Deadline = long.MaxValue;
            _inFlight.Add(pending.Id, pending);
            EnsureReceiver();
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.UnsafeRegister(static (state, ct) =>
            {
                var (mux, p) = ((UdpMux, UdpPendingQuery))state!;
                if (mux.Remove(p))
                {
                    ArrayPool<byte>.Shared.Return(p.Query);
                    p.Completion.TrySetCanceled(ct);
                }
            }, (this, pending));
        }

        if (pending.Completion.Task.IsCompleted)
        {
            return pending.Completion.Task;
        }

        try
        {
            var sent = Stopwatch.GetTimestamp();
            pending.Sent = sent;
            Volatile.Write(ref pending.Deadline, sent + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
            _socket.Send(pending.Query, 0, pending.Length, SocketFlags.None);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // the ICMP port unreachable of an earlier query, reported on this send: nobody listens, for any of them
            FailAll(DnsOutcome.Error, "ERROR", deferred: false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Complete(pending, DnsOutcome.Error, "ERROR", [], false, Stopwatch.GetTimestamp());
        }

        return pending.Completion.Task;
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _wake.Set();
        _completions.CompleteAdding();
        List<UdpPendingQuery> left;
        lock (_gate)
        {
            left = [.. _inFlight.Values];
        }

        foreach (var p in left)
        {
            Complete(p, DnsOutcome.Error, "ERROR", [], false, Stopwatch.GetTimestamp());
        }
    }

    private void EnsureReceiver()
    {
        if (_receiver is null)
        {
            _receiver = new Thread(Receive) { IsBackground = true, Name = "companion-dns-udp-receive" };
            _receiver.Start();
            new Thread(RunCompletions) { IsBackground = true, Name = "companion-dns-udp-complete" }.Start();
        }
        else if (_idle)
        {
            _idle = false;
            _wake.Set();
        }
    }

    private void Receive()
    {
        // Drain every datagram already queued, stamping each as it is read, before completing any query: the
        // completions resume lookups that send again, and that work must not be charged to the answers still queued.
        var batch = new byte[BatchSize][];
        var lengths = new int[BatchSize];
        var stamps = new long[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            batch[i] = new byte[4096];
        }

        var nextSweep = Stopwatch.GetTimestamp() + TickTimestamp;
        while (!_disposed)
        {
            var count = 0;
            var failed = false;
            try
            {
                lengths[0] = _socket.Receive(batch[0]);
                stamps[0] = Stopwatch.GetTimestamp();
                count = 1;
                while (count < BatchSize && _socket.Available > 0)
                {
                    lengths[count] = _socket.Receive(batch[count]);
                    stamps[count] = Stopwatch.GetTimestamp();
                    count++;
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                // the tick: check deadlines below
            }
            catch (SocketException)
            {
                // ICMP port unreachable (nobody listens) or another error: every query still in flight gets it
                failed = true;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            for (var i = 0; i < count; i++)
            {
                if (lengths[i] >= 12)
                {
                    Match(batch[i].AsSpan(0, lengths[i]), stamps[i]);

                }
            }

            if (failed)
            {
                FailAll(DnsOutcome.Error, "ERROR");
            }

            var now = Stopwatch.GetTimestamp();
            if (count == 0 || now >= nextSweep)
            {
                nextSweep = now + TickTimestamp;
                Sweep(now);
            }

            WaitWhileIdle();
        }
    }

    private void Match(ReadOnlySpan<byte> datagram, long now)
    {
        var id = (ushort)((datagram[0] << 8) | datagram[1]);
        UdpPendingQuery? pending;
        lock (_gate)
        {
            _inFlight.TryGetValue(id, out pending);
        }

        if (pending is null || DnsWireFormat.ReadResponse(datagram, pending.Query.AsSpan(0, pending.Length), pending.Planned.Type) is not { } answer)
        {
            return;
        }

        if (answer.Malformed)
        {
            Complete(pending, DnsOutcome.Error, "ERROR", [], false, now, deferred: true);
        }
        else
        {
            Complete(pending, DnsRcode.Outcome(answer.Rcode, answer.Answers.Count), DnsRcode.Name(answer.Rcode), answer.Answers, answer.Truncated, now, deferred: true);
        }
    }

    private void Sweep(long now)
    {
        List<UdpPendingQuery>? expired = null;
        lock (_gate)
        {
            foreach (var p in _inFlight.Values)
            {
                if (now >= Volatile.Read(ref p.Deadline))
                {
                    (expired ??= []).Add(p);
                }
            }
        }

        foreach (var p in expired ?? [])
        {
            Complete(p, DnsOutcome.Timeout, "TIMEOUT", [], false, now, deferred: true);
        }
    }

    private void FailAll(DnsOutcome outcome, string rcode, bool deferred = true)
    {
        List<UdpPendingQuery> all;
        lock (_gate)
        {
            all = [.. _inFlight.Values];
        }

        var now = Stopwatch.GetTimestamp();
        foreach (var p in all)
        {
            Complete(p, outcome, rcode, [], false, now, deferred);
        }
    }

    private void WaitWhileIdle()
    {
        lock (_gate)
        {
            if (_inFlight.Count > 0 || _disposed)
            {
                return;
            }

            _idle = true;
        }

        _wake.WaitOne();
    }

    private bool Remove(UdpPendingQuery pending)
    {
        lock (_gate)
        {
            return _inFlight.TryGetValue(pending.Id, out var current) && ReferenceEquals(current, pending) && _inFlight.Remove(pending.Id);
        }
    }

    /// <summary>
    /// Completes a query once (the first of answer, deadline, error or cancellation wins). From the receiver thread,
    /// while other queries are in flight, the completion is <paramref name="deferred"/> to the completion thread, which
    /// runs the awaiting lookups (and so their next sends) while the receiver goes straight back to reading and stamping
    /// answers, as dnsperf's sender and receiver threads do. With nothing else in flight (concurrency 1) it runs inline.
    /// </summary>
    private void Complete(UdpPendingQuery pending, DnsOutcome outcome, string rcode, IReadOnlyList<string> answers, bool truncated, long now, bool deferred = false)
    {
        if (!Remove(pending))
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(pending.Query);
        var ms = pending.Sent == 0 ? 0 : Stopwatch.GetElapsedTime(pending.Sent, now).TotalMilliseconds;
        var wire = new DnsWireQuery(pending.Planned.Type, pending.Planned.Name, outcome, rcode, answers, Math.Max(0, ms), 0, _server, false);
        var result = new UdpQueryResult(wire, truncated);
        if (deferred && !Idle())
        {
            try
            {
                _completions.Add((pending, result));
                return;
            }
            catch (InvalidOperationException)
            {
                // disposed: complete here
            }
        }

        pending.Registration.Dispose();
        pending.Completion.TrySetResult(result);
    }

    /// <summary>No other query in flight: no answer can be waiting behind this one, so it completes inline (no thread hop).</summary>
    private bool Idle()
    {
        lock (_gate)
        {
            return _inFlight.Count == 0;
        }
    }

    private void RunCompletions()
    {
        foreach (var (pending, result) in _completions.GetConsumingEnumerable())
        {
            pending.Registration.Dispose();
            pending.Completion.TrySetResult(result);
        }
    }

    private UdpQueryResult Fail(UdpPendingQuery pending, DnsOutcome outcome, string rcode, double ms)
    {
        ArrayPool<byte>.Shared.Return(pending.Query);
        return new UdpQueryResult(new DnsWireQuery(pending.Planned.Type, pending.Planned.Name, outcome, rcode, [], ms, 0, _server, false), false);
    }
}
