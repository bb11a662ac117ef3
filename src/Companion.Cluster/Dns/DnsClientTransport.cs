using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Companion.Core.Dns;
using DnsClient;
using DnsClient.Protocol;

namespace Companion.Cluster.Dns;

/// <summary>
/// <see cref="IDnsTransport"/> on DnsClient: one query, one server, no cache, no retries, no fallback to another server,
/// an explicit timeout. Rcodes and timeouts come back as outcomes; only cancellation throws.
/// </summary>
public sealed class DnsClientTransport : IDnsTransport
{
    private readonly ConcurrentDictionary<(string Address, int Port, bool Tcp, TimeSpan Timeout), LookupClient> _clients = new();

    public async Task<DnsWireQuery> QueryAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        cancellationToken.ThrowIfCancellationRequested();
        await WarmUpAsync(cancellationToken).ConfigureAwait(false);
        return await QueryCoreAsync(query, server, useTcp, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Once per process: one query to an in-process responder on loopback (see <see cref="DnsWarmUp"/>).</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) =>
        DnsWarmUp.EnsureAsync("dnsclient", (q, s, t, ct) => QueryCoreAsync(q, s, false, t, ct), cancellationToken);

    private async Task<DnsWireQuery> QueryCoreAsync(PlannedQuery query, DnsServerEndpoint server, bool useTcp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd((server.Address, server.Port, useTcp, timeout), Create);
        var started = Stopwatch.GetTimestamp();
        DnsWireQuery Wire(DnsOutcome outcome, string rcode, IReadOnlyList<string> answers) =>
            new(query.Type, query.Name, outcome, rcode, answers, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0, server.ToString(), useTcp);
        try
        {
            var response = await client.QueryAsync(new DnsQuestion(query.Name, ToQueryType(query.Type)), cancellationToken).ConfigureAwait(false);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var rcode = (int)response.Header.ResponseCode;
            var answers = response.Answers.Select(a => Format(a, query.Type)).OfType<string>().ToArray();
            var outcome = Outcome(rcode, answers.Length);
            return new DnsWireQuery(query.Type, query.Name, outcome, RcodeName(rcode), answers, ms, 0, server.ToString(), useTcp);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            // DnsClient reports a cancelled query as a timeout too
            cancellationToken.ThrowIfCancellationRequested();
            return Wire(DnsOutcome.Timeout, "TIMEOUT", []);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Wire(DnsOutcome.Timeout, "TIMEOUT", []);
        }
        catch (DnsResponseException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rcode = (int)ex.Code;
            return rcode is > 0 and < 16 ? Wire(Outcome(rcode, 0), RcodeName(rcode), []) : Wire(DnsOutcome.Error, "ERROR", []);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Wire(DnsOutcome.Error, "ERROR", []);
        }
        catch (ArgumentException)
        {
            // DnsClient cannot encode the name (e.g. a label that is not a valid IDN): no query leaves, as with glibc's
            // EAI_NONAME; an outcome, not an exception (fuzz finding: '#!dns probe ⓑⓑ… --tcp' gave a stack trace).
            return Wire(DnsOutcome.Error, "BADNAME", []);
        }
    }

    /// <summary>Maps an rcode and the number of answers of the asked type to an outcome.</summary>
    internal static DnsOutcome Outcome(int rcode, int answers) => DnsRcode.Outcome(rcode, answers);

    /// <summary>The upper-case mnemonic of an rcode (RFC 1035, 2136, 6891).</summary>
    internal static string RcodeName(int rcode) => DnsRcode.Name(rcode);

    private static LookupClient Create((string Address, int Port, bool Tcp, TimeSpan Timeout) key) =>
        new(new LookupClientOptions(new NameServer(IPAddress.Parse(key.Address), key.Port))
        {
            UseCache = false,
            Retries = 0,
            Timeout = key.Timeout,
            ThrowDnsErrors = false,
            UseTcpOnly = key.Tcp,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            EnableAuditTrail = false,
            RequestDnsSecRecords = false,
        });

    private static QueryType ToQueryType(DnsRecordType type) => type switch
    {
        DnsRecordType.A => QueryType.A,
        DnsRecordType.AAAA => QueryType.AAAA,
        DnsRecordType.SRV => QueryType.SRV,
        DnsRecordType.PTR => QueryType.PTR,
        DnsRecordType.CNAME => QueryType.CNAME,
        _ => QueryType.TXT,
    };

    private static string? Format(DnsResourceRecord record, DnsRecordType asked) => (record, asked) switch
    {
        (ARecord a, DnsRecordType.A) => a.Address.ToString(),
        (AaaaRecord a, DnsRecordType.AAAA) => a.Address.ToString(),
        (SrvRecord s, DnsRecordType.SRV) => string.Create(CultureInfo.InvariantCulture, $"{s.Priority} {s.Weight} {s.Port} {s.Target.Value.TrimEnd('.')}"),
        (PtrRecord p, DnsRecordType.PTR) => p.PtrDomainName.Value.TrimEnd('.'),
        (CNameRecord c, DnsRecordType.CNAME) => c.CanonicalName.Value.TrimEnd('.'),
        (TxtRecord t, DnsRecordType.TXT) => string.Join("", t.Text),
        _ => null,
    };
}
