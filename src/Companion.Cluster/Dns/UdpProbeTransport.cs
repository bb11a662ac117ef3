using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// The probe's <see cref="IDnsTransport"/>: UDP queries multiplexed on one connected socket per server with a
/// dedicated receiver thread (<see cref="UdpMux"/>, the dnsperf model), timed from right before the send to the
/// moment the response is read: no socket, epoll registration, timer or thread-pool hop per query. TCP (use-vc,
/// --tcp) and answers truncated over UDP (TC) go to DnsClient (<see cref="DnsClientTransport"/>), as glibc retries a
/// truncated answer over TCP. One attempt, one server, no cache.
/// </summary>
public sealed class UdpProbeTransport : IDnsTransport, IDnsBulkTransport, IDisposable
{
    private static volatile bool _warm;
    private readonly ConcurrentDictionary<DnsServerEndpoint, UdpMux> _muxes = new();
    private readonly IDnsTransport _tcp;
    private volatile bool _disposed;

    /// <param name="tcp">Handles TCP and truncated answers (default: a <see cref="DnsClientTransport"/>).</param>
    public UdpProbeTransport(IDnsTransport? tcp = null)
    {
        _tcp = tcp ?? new DnsClientTransport();
    }

    public async Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        cancellationToken.ThrowIfCancellationRequested();
        if (useTcp)
        {
            return await _tcp.QueryAsync(query, server, true, timeout, cancellationToken).ConfigureAwait(false);
        }

        await WarmUpAsync(cancellationToken).ConfigureAwait(false);
        var result = await QueryUdpAsync(query, server, timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Truncated)
        {
            return result.Query;
        }

        var overTcp = await _tcp.QueryAsync(query, server, true, timeout, cancellationToken).ConfigureAwait(false);
        return overTcp with { Ms = result.Query.Ms + overTcp.Ms };
    }

    /// <summary>
    /// A series of identical one-query lookups on a socket and thread of its own (<see cref="UdpBulkEngine"/>). Answers
    /// truncated over UDP (TC) are asked again over TCP after the UDP series, at most C at a time, each one's
    /// <c>Ms</c> the sum of its UDP and TCP times, and the wall time includes that TCP pass.
    /// </summary>
    public async Task<DnsBulkRun> RunBulkAsync(DnsBulkRequest request, IProgress<int>? completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        await WarmUpAsync(cancellationToken).ConfigureAwait(false);
        var series = await UdpBulkEngine.RunAsync(request, completed, cancellationToken).ConfigureAwait(false);
        var truncated = Enumerable.Range(0, series.Queries.Count).Where(i => series.Truncated[i]).ToArray();
        if (truncated.Length == 0)
        {
            return new DnsBulkRun(series.Queries, series.Wall);
        }

        var queries = series.Queries.ToArray();
        var clock = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(truncated, options, async (i, ct) =>
        {
            var overTcp = await _tcp.QueryAsync(request.Query, request.Server, true, request.Timeout, ct).ConfigureAwait(false);
            queries[i] = overTcp with { Ms = queries[i].Ms + overTcp.Ms };
        }).ConfigureAwait(false);
        return new DnsBulkRun(queries, series.Wall + clock.Elapsed);
    }

    /// <summary>Once per process: this path's first-call cost, against an in-process responder (see <see cref="DnsWarmUp"/>).</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (_warm)
        {
            return Task.CompletedTask;
        }

        return WarmUpCoreAsync(cancellationToken);
    }

    /// <summary>Closes the sockets and ends the receiver threads; queries still in flight end as errors.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var mux in _muxes.Values)
        {
            mux.Dispose();
        }
    }

    private async Task WarmUpCoreAsync(CancellationToken cancellationToken)
    {
        using var scratch = new UdpProbeTransport(_tcp);
        await DnsWarmUp.EnsureAsync("udp", async (q, s, t, ct) => (await scratch.QueryUdpAsync(q, s, t, ct).ConfigureAwait(false)).Query, cancellationToken).ConfigureAwait(false);
        await DnsWarmUp.EnsureAsync("udp-bulk", async (q, s, t, ct) =>
            (await UdpBulkEngine.RunAsync(new DnsBulkRequest(q, s, t, 1, 1), null, ct).ConfigureAwait(false)).Queries[0], cancellationToken).ConfigureAwait(false);
        _warm = true;
    }

    private Task<UdpQueryResult> QueryUdpAsync(PlannedQuery query, DnsServerEndpoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        UdpMux mux;
        try
        {
            mux = _muxes.GetOrAdd(server, static s => new UdpMux(new IPEndPoint(IPAddress.Parse(s.Address), s.Port), s.ToString()));
        }
        catch (Exception ex) when (ex is SocketException or FormatException)
        {
            return Task.FromResult(new UdpQueryResult(new DnsWireQuery(query.Type, query.Name, DnsOutcome.Error, "ERROR", [], 0, 0, server.ToString(), false), false));
        }

        if (_disposed)
        {
            mux.Dispose();
            ObjectDisposedException.ThrowIf(true, this);
        }

        return mux.QueryAsync(query, timeout, cancellationToken);
    }
}
