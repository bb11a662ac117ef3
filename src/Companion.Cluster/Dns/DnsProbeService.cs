using Companion.Core.Diagnostics;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>
/// The easy entry point: read a resolv.conf (with overrides) and build a <see cref="DnsProber"/> on the probe's UDP transport.
/// </summary>
public static class DnsProbeService
{
    /// <summary>
    /// Reads and parses the resolv.conf, then applies the overrides. An unreadable file or a bad server is an
    /// error diagnostic (check <see cref="ParseResult{T}.IsValid"/>); nothing throws except cancellation.
    /// </summary>
    public static async Task<ParseResult<ResolvConf>> LoadConfAsync(DnsConfOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.ResolvConfPath ?? DnsConfOptions.DefaultResolvConfPath;
        var diagnostics = new List<Diagnostic>();
        ResolvConf conf;
        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            var parsed = ResolvConfParser.Parse(text, path);
            diagnostics.AddRange(parsed.Diagnostics);
            conf = parsed.Value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            if (options.ResolvConfPath is not null || options.Server is null)
            {
                diagnostics.Add(Diagnostic.Fail($"cannot read resolv.conf: {ex.Message}", path));
            }

            conf = ResolvConf.Default;
        }

        if (options.Server is not null)
        {
            if (DnsServerEndpoint.TryParse(options.Server, out var endpoint, out var error))
            {
                conf = conf with { Nameservers = [endpoint!.ToString()] };
            }
            else
            {
                diagnostics.Add(Diagnostic.Fail(error, "--server"));
            }
        }

        if (options.Ndots is { } ndots)
        {
            if (ndots < 0)
            {
                diagnostics.Add(Diagnostic.Fail("ndots must be 0 or more", "--ndots"));
            }
            else
            {
                conf = conf with { Ndots = Math.Min(ndots, ResolvConf.MaxNdots) };
            }
        }

        if (options.Search is { Count: > 0 } search)
        {
            conf = conf with { Search = search.Where(s => s.Length > 0).ToArray() };
        }

        return new ParseResult<ResolvConf>(conf, diagnostics);
    }

    /// <summary>A one-line description of where the configuration came from, for result headers.</summary>
    public static string Describe(DnsConfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parts = new List<string> { "resolv.conf " + (options.ResolvConfPath ?? DnsConfOptions.DefaultResolvConfPath) };
        if (options.Server is not null)
        {
            parts.Add("--server " + options.Server);
        }

        if (options.Ndots is not null)
        {
            parts.Add("--ndots " + options.Ndots);
        }

        if (options.Search is { Count: > 0 })
        {
            parts.Add("--search " + string.Join(' ', options.Search));
        }

        return string.Join(", ", parts);
    }

    private static readonly Lazy<UdpProbeTransport> SharedTransport = new(() => new UdpProbeTransport());

    /// <summary>
    /// A prober on the process-wide <see cref="UdpProbeTransport"/> (pooled UDP sockets; DnsClient for TCP);
    /// <paramref name="sourceDescription"/> heads its results.
    /// </summary>
    public static DnsProber CreateProber(string? sourceDescription = null, TimeProvider? time = null) =>
        new(SharedTransport.Value, time, sourceDescription);
}
