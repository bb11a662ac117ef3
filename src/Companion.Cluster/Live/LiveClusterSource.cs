using Companion.Cluster.Mapping;
using Companion.Cluster.Sources;
using Companion.Core.Model;
using k8s;
using k8s.Exceptions;
using k8s.Models;

namespace Companion.Cluster.Live;

/// <summary>
/// A real cluster through KubernetesClient, read-only unless <see cref="LiveClusterOptions.AllowChanges"/>.
/// Every call has the configured timeout and honours cancellation; every failure is one <see cref="ClusterAccessException"/>.
/// The raw JSON is kept as returned and mapped by <see cref="KubeMapper"/>, the same path recordings replay through.
/// </summary>
public sealed class LiveClusterSource : IClusterSource, IDisposable
{
    private readonly Kubernetes _client;
    private readonly LiveClusterOptions _options;
    private readonly string _server;

    private LiveClusterSource(Kubernetes client, LiveClusterOptions options, string context, string server)
    {
        _client = client;
        _options = options;
        _server = server;
        Source = new SourceInfo(SourceKind.Live, context);
    }

    public SourceInfo Source { get; }

    /// <summary>The namespace the kubeconfig context names, if any.</summary>
    public string? ContextNamespace { get; private init; }

    /// <summary>Loads the kubeconfig (or in-cluster config). Sends nothing to the server.</summary>
    /// <exception cref="ClusterAccessException">Missing or unusable kubeconfig.</exception>
    public static LiveClusterSource Connect(LiveClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KubernetesClientConfiguration config;
        string context;
        var origin = "in-cluster";
        if (options.InCluster)
        {
            try
            {
                config = KubernetesClientConfiguration.InClusterConfig();
            }
            catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException)
            {
                throw ClusterAccessException.BadKubeconfig("in-cluster", ex.Message);
            }

            context = "in-cluster";
        }
        else
        {
            var path = options.ResolveKubeconfigPath();
            origin = path;
            if (!File.Exists(path))
            {
                throw ClusterAccessException.MissingKubeconfig(path);
            }

            if (IsEmptyKubeconfig(path))
            {
                // KubernetesClient dereferences null on an empty or comment-only document (fuzz finding F6).
                throw ClusterAccessException.BadKubeconfig(path, "the file holds no kubeconfig (it is empty)");
            }

            try
            {
                var file = KubernetesClientConfiguration.LoadKubeConfig(path);
                KubeconfigSecrets.Register(file);
                config = KubernetesClientConfiguration.BuildConfigFromConfigObject(file, options.Context);
            }
            catch (Exception ex) when (ex is KubeConfigException or IOException or UnauthorizedAccessException or FormatException
                or YamlDotNet.Core.YamlException or System.Security.Cryptography.CryptographicException or ArgumentException
                or NullReferenceException)
            {
                throw ClusterAccessException.BadKubeconfig(path, ex.Message.Split('\n')[0]);
            }

            context = config.CurrentContext ?? options.Context ?? "(current)";
        }

        KubeconfigSecrets.Register(config);
        config.HttpClientTimeout = options.Timeout + TimeSpan.FromSeconds(1);
        Kubernetes client;
        try
        {
            // The client reads the client certificate and key here: malformed data is a kubeconfig problem, in one line.
            client = new Kubernetes(config, new ReadOnlyGuardHandler(options.AllowChanges, options.RequestObserver));
        }
        catch (Exception ex) when (ex is KubeConfigException or IOException or FormatException or ArgumentException
            or System.Security.Cryptography.CryptographicException)
        {
            throw ClusterAccessException.BadKubeconfig(origin, ex.Message.Split('\n')[0]);
        }

        return new LiveClusterSource(client, options, context, config.Host ?? "(unknown server)") { ContextNamespace = config.Namespace };
    }

    public async Task<ClusterSnapshot> GetSnapshotAsync(string? @namespace, CancellationToken cancellationToken) =>
        KubeMapper.ToSnapshot(await ReadRawAsync(@namespace, cancellationToken).ConfigureAwait(false), Source, @namespace);

    /// <summary>The API responses as returned (what a recording stores). Lists are namespaced when a namespace is given.</summary>
    public async Task<RawClusterData> ReadRawAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var scope = @namespace is null ? "at cluster scope" : $"in namespace {@namespace}";
        var nodes = CallAsync("list", "nodes", "at cluster scope", (k, t) => Body(k.CoreV1.ListNodeWithHttpMessagesAsync(cancellationToken: t)), cancellationToken);
        var pods = CallAsync("list", "pods", scope, (k, t) => @namespace is null
            ? Body(k.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(cancellationToken: t))
            : Body(k.CoreV1.ListNamespacedPodWithHttpMessagesAsync(@namespace, cancellationToken: t)), cancellationToken);
        var services = CallAsync("list", "services", "at cluster scope", (k, t) => Body(k.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(cancellationToken: t)), cancellationToken);
        var slices = CallAsync("list", "endpointslices.discovery.k8s.io", scope, (k, t) => @namespace is null
            ? Body(k.DiscoveryV1.ListEndpointSliceForAllNamespacesWithHttpMessagesAsync(cancellationToken: t))
            : Body(k.DiscoveryV1.ListNamespacedEndpointSliceWithHttpMessagesAsync(@namespace, cancellationToken: t)), cancellationToken);
        var configMaps = OptionalAsync(CallAsync("list", "configmaps", "in namespace kube-system", (k, t) => Body(k.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("kube-system", cancellationToken: t)), cancellationToken));
        var daemonSets = OptionalAsync(CallAsync("list", "daemonsets.apps", "in namespace kube-system", (k, t) => Body(k.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync("kube-system", cancellationToken: t)), cancellationToken));
        var version = OptionalAsync(CallAsync("get", "/version", "", (k, t) => Body(k.Version.GetCodeWithHttpMessagesAsync(cancellationToken: t)), cancellationToken));
        await Task.WhenAll((Task[])[nodes, pods, services, slices, configMaps, daemonSets, version]).ConfigureAwait(false);
        return new RawClusterData(await nodes.ConfigureAwait(false), await pods.ConfigureAwait(false), await services.ConfigureAwait(false),
            await slices.ConfigureAwait(false), await configMaps.ConfigureAwait(false), await daemonSets.ConfigureAwait(false), await version.ConfigureAwait(false));
    }

    /// <summary>The dry-run of reading a node's rules: the exact pod that would be created.</summary>
    public static string DescribeNodeDump(string nodeName, string image = NodeDebugPod.DefaultImage) =>
        NodeDebugPod.Describe(NodeDebugPod.Build(nodeName, image));

    /// <summary>
    /// Without AllowChanges: null (a live cluster gives no node dump without a debug pod). With it: creates the debug
    /// pod, waits for it to finish, reads its log and deletes it (also on failure or cancellation).
    /// </summary>
    public async Task<NodeDump?> GetNodeDumpAsync(string nodeName, CancellationToken cancellationToken)
    {
        if (!_options.AllowChanges)
        {
            return null;
        }

        var pod = NodeDebugPod.Build(nodeName);
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        try
        {
            await CallAsync("create", "pods", $"in namespace {ns}", (k, t) => Body(k.CoreV1.CreateNamespacedPodWithHttpMessagesAsync(pod, ns, cancellationToken: t)), cancellationToken).ConfigureAwait(false);
            for (var attempt = 0; ; attempt++)
            {
                var json = await CallAsync("get", "pods", $"in namespace {ns}", (k, t) => Body(k.CoreV1.ReadNamespacedPodWithHttpMessagesAsync(name, ns, cancellationToken: t)), cancellationToken).ConfigureAwait(false);
                var phase = KubernetesJson.Deserialize<V1Pod>(json)?.Status?.Phase;
                if (phase is "Succeeded" or "Failed")
                {
                    break;
                }

                if (attempt >= 60)
                {
                    throw ClusterAccessException.Timeout($"debug pod {ns}/{name} did not finish", TimeSpan.FromSeconds(60));
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }

            var log = await CallAsync("get", "pods/log", $"in namespace {ns}", (k, t) => Body(k.CoreV1.ReadNamespacedPodLogWithHttpMessagesAsync(name, ns, cancellationToken: t)), cancellationToken).ConfigureAwait(false);
            return NodeDebugPod.ParseLog(nodeName, log);
        }
        finally
        {
            await CallAsync("delete", "pods", $"in namespace {ns}", (k, t) => Body(k.CoreV1.DeleteNamespacedPodWithHttpMessagesAsync(name, ns, cancellationToken: t)), CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<string> Body<T>(Task<k8s.Autorest.HttpOperationResponse<T>> call)
    {
        using var response = await call.ConfigureAwait(false);
        return await response.Response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    private static async Task<string?> OptionalAsync(Task<string> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (ClusterAccessException ex) when (ex.Failure == ClusterFailure.Forbidden)
        {
            return null;
        }
    }

    private async Task<string> CallAsync(string verb, string resource, string scope, Func<Kubernetes, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await call(_client, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrors.Map(ex, _server, verb, resource, scope, _options.Timeout, cancellationToken.IsCancellationRequested) is { } mapped)
        {
            throw mapped;
        }
    }

    private static bool IsEmptyKubeconfig(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            for (var i = 0; i < 10_000 && reader.ReadLine() is { } line; i++)
            {
                var text = line.Trim();
                if (text.Length > 0 && !text.StartsWith('#') && text != "---")
                {
                    return false;
                }
            }

            return reader.EndOfStream;
        }
        catch (IOException)
        {
            return false; // the loader reports it
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
