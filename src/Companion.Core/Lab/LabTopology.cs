namespace Companion.Core.Lab;

/// <summary>
/// The lab as it is built: every namespace, address and Service IP, assigned deterministically from a model.
/// Netns names carry the prefix "c80-&lt;lab&gt;_" so a lab's objects are recognisable and never clash with another lab.
/// </summary>
public sealed record LabTopology(
    string LabName,
    string FabricNetns,
    string ClusterDomain,
    string ClusterDnsIp,
    string PodCidr,
    string ServiceCidr,
    IReadOnlyList<LabNode> Nodes,
    IReadOnlyList<LabPod> Pods,
    IReadOnlyList<LabServiceEntry> Services)
{
    /// <summary>The prefix of every netns this lab creates.</summary>
    public string NetnsPrefix => LabTopologyBuilder.NetnsPrefix(LabName);

    /// <summary>Every netns of the lab, in creation order.</summary>
    public IEnumerable<string> AllNetns => new[] { FabricNetns }.Concat(Nodes.Select(n => n.Netns)).Concat(Pods.Select(p => p.Netns));

    /// <summary>Finds a pod by "namespace/name".</summary>
    public LabPod? FindPod(string namespaceSlashName)
    {
        var parts = namespaceSlashName.Split('/', 2);
        return parts.Length == 2
            ? Pods.FirstOrDefault(p => p.Namespace == parts[0] && p.Name == parts[1])
            : Pods.FirstOrDefault(p => p.Name == parts[0]);
    }

    /// <summary>The pods a Service selects (every label of the selector matches).</summary>
    public IEnumerable<LabPod> Endpoints(LabServiceEntry service) =>
        service.Selector.Count == 0 ? [] : Pods.Where(p => p.Namespace == service.Namespace && service.Selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value));
}
