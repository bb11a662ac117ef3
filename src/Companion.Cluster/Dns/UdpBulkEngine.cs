using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// One query sent N times with C in flight over one connected UDP socket, on one dedicated thread, the way dnsperf's
/// loop does it: send until C are in flight; wait for the socket; drain every queued datagram, stamping each the
/// moment it is read, before anything else; then send the replacements. Nothing is allocated per lookup while the
/// clock runs (timestamps and results go into arrays sized up front, the query bytes are written once and only the id
/// changes, and an answer whose bytes after the id equal an answer already read reuses its parsed form), so there is
/// no thread hop, task, timer or garbage collection per lookup. Deadlines are swept at least every <see cref="Tick"/>;
/// cancellation is seen within a tick. The socket is this series' own, closed when it ends. On Linux an answer's time
/// is the kernel's receive stamp (<see cref="UdpKernelStamps"/>: one <c>recvmmsg</c> per drain), elsewhere the moment
/// it was read. With a rate, lookup i is not sent before <c>i ÷ rate</c> seconds after the first send.
/// </summary>
internal sealed partial class UdpBulkEngine
{
    /// <summary>Result codes besides an index into the parsed answers.</summary>
    private const int Pending = -3;
    private const int TimedOut = -1;
    private const int Failed = -2;
    private const int Batch = 64;
    private const int DatagramSize = 4096;
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
    private readonly bool _kernelStamps;
    private readonly double _intervalTicks;
    private readonly long[] _sent;
    private readonly long[] _done;
    private readonly int[] _result;
    private readonly ushort[] _idOf;
    private static int[]? _spareLookupTable;
    private static byte[]? _spareBuffer;
    private int[] _lookupOfId = [];
    private readonly List<DnsWireAnswer> _parsed = [];
    private readonly byte[][] _cache = new byte[CacheSize][];
    private readonly int[] _cacheLength = new int[CacheSize];
    private readonly int[] _cacheParsed = new int[CacheSize];
    private int _cached;
    private int _completed;

    private UdpBulkEngine(DnsBulkRequest request, IPEndPoint server, IProgress<int>? progress, bool kernelStamps)
    {
        _kernelStamps = kernelStamps;
        _intervalTicks = request.Rate is > 0 and var rate ? Stopwatch.Frequency / rate : 0;
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
    }

    /// <summary>
    /// What came back for each lookup, in send order; <paramref name="SentMs"/> is when each was sent, after the first
    /// send; <paramref name="KernelStamps"/> whether answers carry the kernel's receive time.
    /// </summary>
    public sealed record Series(IReadOnlyList<DnsWireQuery> Queries, IReadOnlyList<bool> Truncated, TimeSpan Wall,
        IReadOnlyList<double> SentMs, bool KernelStamps);

    /// <summary>Whether answers are stamped by the kernel by default: where supported, unless COMPANION_DNS_STAMPS=user.</summary>
    public static bool KernelStampsByDefault { get; } =
        UdpKernelStamps.Supported && Environment.GetEnvironmentVariable("COMPANION_DNS_STAMPS") != "user";

    /// <summary>
    /// Runs the series on a thread of its own. Only cancellation throws. <paramref name="kernelStamps"/>: false reads
    /// with <c>recv</c> and stamps each answer when read; null is <see cref="KernelStampsByDefault"/>.
    /// </summary>
    public static Task<Series> RunAsync(DnsBulkRequest request, IProgress<int>? progress, CancellationToken cancellationToken, bool? kernelStamps = null)
    {
        var stamps = (kernelStamps ?? KernelStampsByDefault) && UdpKernelStamps.Supported;
        var done = new TaskCompletionSource<Series>(TaskCreationOptions.RunContinuationsAsynchronously);
        IPEndPoint server;
        try
        {
            server = new IPEndPoint(IPAddress.Parse(request.Server.Address), request.Server.Port);
        }
        catch (FormatException)
        {
            return Task.FromResult(new UdpBulkEngine(request, new IPEndPoint(IPAddress.Loopback, 0), progress, false).AllFailed());
        }

        var engine = new UdpBulkEngine(request, server, progress, stamps);
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

            // kept for the next series (one spare of each): a series of one lookup must not cost 0.5 MB of fresh
            // arrays. Not ArrayPool: its arrays returned on this short-lived thread would stay in its thread-local cache.
            _lookupOfId = Interlocked.Exchange(ref _spareLookupTable, null) ?? new int[0x10000];
            // pinned: the kernel-stamp reader hands its address to recvmmsg
            var buffer = Interlocked.Exchange(ref _spareBuffer, null) ?? GC.AllocateUninitializedArray<byte>(Batch * DatagramSize, pinned: true);
            try
            {
                Array.Fill(_lookupOfId, -1);
                var kernel = _kernelStamps ? UdpKernelStamps.TryCreate(socket, buffer, Batch, DatagramSize) : null;
                var debug = UdpBulkDebug.Start(_count);
                var (first, last) = Loop(socket, kernel, template.AsSpan(0, length).ToArray(), buffer, debug, cancellationToken);
                debug?.Write(_sent, _done, first, kernel is not null);
                return Collect(Stopwatch.GetElapsedTime(first, last), first, kernel is not null);
            }
            finally
            {
                Volatile.Write(ref _spareLookupTable, _lookupOfId);
                Volatile.Write(ref _spareBuffer, buffer);
            }
        }
    }
}
