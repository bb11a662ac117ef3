namespace Companion.Cluster.Live;

/// <summary>How to reach a live cluster. Everything is optional: the default is the default kubeconfig and its current context.</summary>
public sealed record LiveClusterOptions
{
    /// <summary>The default per-call timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An explicit kubeconfig file; null means KUBECONFIG's first entry, else ~/.kube/config.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>A kubeconfig context; null means the current context.</summary>
    public string? Context { get; init; }

    /// <summary>Use the pod's service account (in-cluster) instead of a kubeconfig.</summary>
    public bool InCluster { get; init; }

    /// <summary>Timeout for each API call.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Allow requests that change the cluster (a debug pod for node dumps). Off: only GET (get, list, watch).</summary>
    public bool AllowChanges { get; init; }

    /// <summary>Called with every HTTP method and path the client sends (for audits and tests).</summary>
    public Action<string, string>? RequestObserver { get; init; }

    /// <summary>The kubeconfig path these options resolve to.</summary>
    public string ResolveKubeconfigPath()
    {
        if (!string.IsNullOrWhiteSpace(KubeconfigPath))
        {
            return KubeconfigPath;
        }

        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
