namespace Companion.Core.Dns;

/// <summary>
/// A transport that can run a whole series of identical one-query lookups itself (the bulk engine): the same query
/// <see cref="DnsBulkRequest.Count"/> times with <see cref="DnsBulkRequest.Concurrency"/> in flight, each one timed
/// and reported like <see cref="IDnsTransport.QueryAsync"/> would. <see cref="DnsProber.ProbeAsync"/> uses it when
/// every lookup of a run is one wire query to one server over UDP. Failures and timeouts are outcomes; only
/// cancellation throws.
/// </summary>
public interface IDnsBulkTransport
{
    /// <summary>Runs the series; <paramref name="completed"/> gets the number of lookups done, at most about 100 times.</summary>
    Task<DnsBulkRun> RunBulkAsync(DnsBulkRequest request, IProgress<int>? completed, CancellationToken cancellationToken);
}
