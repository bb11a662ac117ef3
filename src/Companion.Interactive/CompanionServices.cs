using Companion.Cluster.Dns;
using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Interactive.Charts;

namespace Companion.Interactive;

/// <summary>
/// What the extension's magic commands share in one kernel session: the chart renderer (Plotly.NET in its isolated load
/// context), the DNS defaults, and how a DNS prober is made. <c>#!k8s connect</c> will switch the current cluster source here.
/// </summary>
public sealed class CompanionServices
{
    private readonly Lazy<IChartRenderer> _charts;

    /// <summary>Creates the services; <paramref name="charts"/> defaults to the shared <see cref="ChartHost"/>.</summary>
    public CompanionServices(Func<IChartRenderer>? charts = null)
    {
        _charts = new Lazy<IChartRenderer>(charts ?? (() => ChartHost.Shared.Renderer));
    }

    /// <summary>The chart renderer (loaded on first use).</summary>
    public IChartRenderer Charts => _charts.Value;

    /// <summary>resolv.conf read when a DNS magic gives no <c>--resolv-conf</c>.</summary>
    public string DefaultResolvConfPath { get; set; } = DnsConfOptions.DefaultResolvConfPath;

    /// <summary>The nameserver used when a DNS magic gives no <c>--server</c> (null: the resolv.conf nameservers).</summary>
    public string? DefaultDnsServer { get; set; }

    /// <summary>The resolver rules used when a DNS magic gives no <c>--libc</c>.</summary>
    public ResolverLibc DefaultLibc { get; set; } = ResolverLibc.Glibc;

    /// <summary>Makes a prober whose results are headed by the given source description.</summary>
    public Func<string, DnsProber> CreateDnsProber { get; set; } = source => DnsProbeService.CreateProber(source);
}
