namespace Companion.Core.Dns;

/// <summary>
/// Sends exactly one query to one server and times it. Implementations never throw for DNS failures or timeouts:
/// those come back as <see cref="DnsWireQuery.Outcome"/>. Cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
public interface IDnsTransport
{
    Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Pays one-time costs (JIT, first socket) before the clock starts, so no lookup times them. Sends nothing to any server.</summary>
    Task WarmUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
