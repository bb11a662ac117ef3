using Companion.Cluster.Live;
using Companion.Cluster.Recording;
using Companion.Cluster.Sources;
using Companion.Core.Kube;
using Companion.Core.Model;
using Companion.Interactive.Views;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>The one library call behind each <c>#!k8s</c> subcommand, on the session's current source.</summary>
public sealed class K8sMagicRunner(CompanionServices services)
{
    public ConnectedSource Connect(ConnectCluster command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.TimeoutMs is < 1 or > 600_000)
        {
            throw new MagicException("--timeout-ms must be between 1 and 600000");
        }

        var kinds = (command.Recording is not null ? 1 : 0) + (command.Lab ? 1 : 0) + (command.Context is not null || command.Kubeconfig is not null ? 1 : 0);
        if (kinds > 1)
        {
            throw new MagicException("choose one of --recording, --lab, or --context/--kubeconfig");
        }

        IClusterSource source = command.Recording is { } dir ? new RecordedClusterSource(new DirectoryInfo(dir))
            : command.Lab ? new LabClusterSource(services.LabName, services.Lab)
            : LiveClusterSource.Connect(new LiveClusterOptions
            {
                KubeconfigPath = command.Kubeconfig,
                Context = command.Context,
                Timeout = command.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : LiveClusterOptions.DefaultTimeout,
            });
        services.Source = source;
        services.DefaultNamespace = command.Namespace ?? (source as LiveClusterSource)?.ContextNamespace;
        return new ConnectedSource(source.Source, services.DefaultNamespace);
    }

    public async Task<object> GetAsync(GetClusterObjects command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var selector = LabelSelector.Parse(command.Selector ?? command.L);
        if (!selector.IsValid)
        {
            throw new MagicException(selector.Diagnostics[0].Message);
        }

        var source = services.RequireSource();
        var s = await ClusterQueries.GetAsync(source, command.Namespace ?? command.N ?? services.DefaultNamespace, selector.Value, cancellationToken).ConfigureAwait(false);
        services.Completions.Remember(s);
        return command.Kind?.ToLowerInvariant() switch
        {
            "pods" or "pod" or "po" => new PodList(s.Pods, s.Nodes, s.Source),
            "services" or "service" or "svc" => new ServiceList(s.Services, s.EndpointSlices, s.Source),
            "endpointslices" or "endpointslice" => new EndpointSliceList(s.EndpointSlices, s.Source),
            "nodes" or "node" or "no" => new NodeList(s.Nodes, s.Source),
            _ => throw new MagicException($"#!k8s get needs pods, services, endpointslices or nodes, not '{command.Kind}'"),
        };
    }

    public async Task<ServiceDescription> DescribeAsync(IReadOnlyList<string> words, string? @namespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        var rest = words.Count > 0 && words[0] is "service" or "svc" or "services" ? words.Skip(1).ToArray() : [.. words];
        if (rest.Length != 1)
        {
            throw new MagicException("usage: #!k8s describe service NAME [-n NS] (see --help)");
        }

        var (space, name) = MagicSupport.SplitName(rest[0], @namespace ?? services.DefaultNamespace);
        var source = services.RequireSource();
        return await ClusterQueries.DescribeServiceAsync(source, space, name, cancellationToken).ConfigureAwait(false)
            ?? throw new MagicException($"service {space}/{name} not found ({source.Source.Describe()})");
    }

    public async Task<ProxyModeReport> ProxyModeAsync(CancellationToken cancellationToken)
    {
        var snapshot = await services.RequireSource().GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        return new ProxyModeReport(snapshot.ProxyMode, snapshot.Source);
    }

    public async Task<DnsConfigReport> DnsConfigAsync(ShowDnsConfig command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var source = services.RequireSource();
        var snapshot = await source.GetSnapshotAsync(null, cancellationToken).ConfigureAwait(false);
        services.Completions.Remember(snapshot);
        if (command.Pod is null)
        {
            return new DnsConfigReport(null, snapshot.Dns, snapshot.Source);
        }

        var (space, pod) = MagicSupport.SplitName(command.Pod, command.Namespace ?? command.N ?? services.DefaultNamespace);
        var effective = await ClusterQueries.GetPodDnsAsync(source, snapshot, space, pod, cancellationToken).ConfigureAwait(false)
            ?? throw new MagicException($"pod {space}/{pod} not found ({snapshot.Source.Describe()})");
        return new DnsConfigReport(effective, snapshot.Dns, snapshot.Source);
    }

    /// <summary>Context names of the kubeconfig (names only).</summary>
    public static IEnumerable<string> ContextNames() => KubeconfigContexts.Names();
}
