using k8s;
using k8s.Exceptions;

namespace Companion.Cluster.Live;

/// <summary>The context names of a kubeconfig, for completions: names only, never a credential; empty when unreadable.</summary>
public static class KubeconfigContexts
{
    public static IReadOnlyList<string> Names(string? kubeconfigPath = null)
    {
        var path = new LiveClusterOptions { KubeconfigPath = kubeconfigPath }.ResolveKubeconfigPath();
        try
        {
            if (!File.Exists(path))
            {
                return [];
            }

            var config = KubernetesClientConfiguration.LoadKubeConfig(path);
            KubeconfigSecrets.Register(config);
            return [.. (config.Contexts ?? []).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException
            or YamlDotNet.Core.YamlException or ArgumentException)
        {
            return [];
        }
    }
}
