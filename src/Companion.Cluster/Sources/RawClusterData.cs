namespace Companion.Cluster.Sources;

/// <summary>
/// The API responses exactly as the server returned them (JSON text). Live reads produce this, recordings store and
/// replay it, and <see cref="Mapping.KubeMapper"/> turns it into Core records: one mapping path for every source.
/// Optional parts are null when they could not be read (for example 403 on kube-system ConfigMaps).
/// </summary>
public sealed record RawClusterData(
    string NodesJson,
    string PodsJson,
    string ServicesJson,
    string EndpointSlicesJson,
    string? KubeSystemConfigMapsJson,
    string? KubeSystemDaemonSetsJson,
    string? VersionJson)
{
    public const string NodesFile = "nodes.json";
    public const string PodsFile = "pods.json";
    public const string ServicesFile = "services.json";
    public const string EndpointSlicesFile = "endpointslices.json";
    public const string ConfigMapsFile = "kube-system-configmaps.json";
    public const string DaemonSetsFile = "kube-system-daemonsets.json";
    public const string VersionFile = "version.json";

    /// <summary>Each part with the file name a recording stores it under (null parts are skipped).</summary>
    public IEnumerable<(string File, string Json)> Files()
    {
        yield return (NodesFile, NodesJson);
        yield return (PodsFile, PodsJson);
        yield return (ServicesFile, ServicesJson);
        yield return (EndpointSlicesFile, EndpointSlicesJson);
        if (KubeSystemConfigMapsJson is not null)
        {
            yield return (ConfigMapsFile, KubeSystemConfigMapsJson);
        }

        if (KubeSystemDaemonSetsJson is not null)
        {
            yield return (DaemonSetsFile, KubeSystemDaemonSetsJson);
        }

        if (VersionJson is not null)
        {
            yield return (VersionFile, VersionJson);
        }
    }
}
