using Companion.Cluster;
using Companion.Cluster.Dns;
using Companion.Cluster.Sources;
using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Core.Lab;
using Companion.Interactive.Charts;
using Companion.Interactive.Sources;
using Companion.Lab;

namespace Companion.Interactive;

/// <summary>
/// What the extension's magic commands share in one kernel session: the chart renderer (Plotly.NET in its isolated load
/// context), the DNS defaults, how a DNS prober is made, the lab controller, and the CURRENT cluster source that
/// <c>#!k8s connect</c> and <c>#!lab up</c> switch.
/// </summary>
public sealed class CompanionServices
{
    private readonly Lazy<IChartRenderer> _charts;
    private IClusterSource? _source;
    private string? _sourceProblem;
    private bool _picked;

    /// <summary>Creates the services; <paramref name="charts"/> defaults to the shared <see cref="ChartHost"/>.</summary>
    public CompanionServices(Func<IChartRenderer>? charts = null)
    {
        _charts = new Lazy<IChartRenderer>(charts ?? (() => ChartHost.Shared.Renderer));
        Completions = new CompletionCache(() => Source);
    }

    /// <summary>Names offered by completions (never blocks).</summary>
    public CompletionCache Completions { get; }

    /// <summary>The namespace commands use when they give none (set by #!k8s connect --namespace).</summary>
    public string? DefaultNamespace { get; set; }

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

    /// <summary>The lab <c>#!lab</c> commands act on when they give no <c>--lab</c>.</summary>
    public string LabName { get; set; } = Environment.GetEnvironmentVariable("COMPANION_LAB") is { Length: > 0 } lab ? lab : LabTopologyBuilder.DefaultLabName;

    /// <summary>Builds, inspects and removes labs (with kube-proxy's rule generators).</summary>
    public LabController Lab { get; } = new(proxyRules: LabProxyRules.Instance);

    /// <summary>The current cluster source; picked on first use by <see cref="SourceSelection.PickDefault"/>, switched by #!k8s connect.</summary>
    public IClusterSource? Source
    {
        get
        {
            PickOnce();
            return _source;
        }

        set
        {
            (_source as IDisposable)?.Dispose();
            _source = value;
            _sourceProblem = value is null ? "no cluster source selected; run #!k8s connect" : null;
            _picked = true;
            Completions?.Forget();
        }
    }

    /// <summary>Why there is no current source (one line), or null.</summary>
    public string? SourceProblem
    {
        get
        {
            PickOnce();
            return _sourceProblem;
        }
    }

    /// <summary>The current source, or a <see cref="ClusterAccessException"/> saying why there is none.</summary>
    public IClusterSource RequireSource() => Source ?? throw new ClusterAccessException(SourceProblem ?? "no cluster source selected; run #!k8s connect");

    private void PickOnce()
    {
        if (_picked)
        {
            return;
        }

        _picked = true;
        (_source, _sourceProblem) = SourceSelection.PickDefault(LabName, Lab);
    }
}
