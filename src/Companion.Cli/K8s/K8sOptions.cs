using System.CommandLine;
using Companion.Cluster;
using Companion.Cluster.Live;
using Companion.Cluster.Recording;
using Companion.Cluster.Sources;

namespace Companion.Cli.K8s;

/// <summary>The options every `companion k8s` command shares: where the cluster is, and how to print.</summary>
internal sealed class K8sOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config)." };

    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current context)." };

    public Option<bool> InCluster { get; } = new("--in-cluster") { Description = "Use the pod's service account." };

    public Option<string?> Recording { get; } = new("--recording") { Description = "Replay a recording directory instead of a live cluster (default: COMPANION_RECORDING when no kubeconfig option is given)." };

    public Option<int> TimeoutMs { get; } = new("--timeout-ms") { Description = "Timeout for each API call, in milliseconds.", DefaultValueFactory = _ => 5000 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON." };

    public Option<bool> Html { get; } = new("--html") { Description = "Print the HTML rendering." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Kubeconfig, Context, InCluster, Recording, TimeoutMs, Json, Html })
        {
            command.Options.Add(option);
        }
    }

    public OutputFormat Format(ParseResult result) =>
        result.GetValue(Json) ? OutputFormat.Json : result.GetValue(Html) ? OutputFormat.Html : OutputFormat.Text;

    public LiveClusterOptions LiveOptions(ParseResult result, bool allowChanges = false) => new()
    {
        KubeconfigPath = result.GetValue(Kubeconfig),
        Context = result.GetValue(Context),
        InCluster = result.GetValue(InCluster),
        Timeout = TimeSpan.FromMilliseconds(Math.Clamp(result.GetValue(TimeoutMs), 1, 600_000)),
        AllowChanges = allowChanges,
    };

    /// <summary>The recording when one is asked for (explicitly, or COMPANION_RECORDING with no live option), else the live cluster.</summary>
    public IClusterSource Open(ParseResult result, bool allowChanges = false)
    {
        var recording = result.GetValue(Recording);
        var liveAsked = result.GetValue(Kubeconfig) is not null || result.GetValue(Context) is not null || result.GetValue(InCluster);
        if (recording is null && !liveAsked)
        {
            recording = Environment.GetEnvironmentVariable("COMPANION_RECORDING") is { Length: > 0 } env ? env : null;
        }

        if (recording is not null)
        {
            return new RecordedClusterSource(new DirectoryInfo(recording));
        }

        if (result.GetValue(TimeoutMs) <= 0)
        {
            throw new ClusterAccessException(ClusterFailure.Other, "--timeout-ms must be positive");
        }

        return LiveClusterSource.Connect(LiveOptions(result, allowChanges));
    }
}
