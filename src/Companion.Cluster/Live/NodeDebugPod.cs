using System.Globalization;
using Companion.Core.Model;
using k8s;
using k8s.Models;

namespace Companion.Cluster.Live;

/// <summary>
/// The privileged, host-network pod that reads a node's kube-proxy rules. It is only created with --allow-changes,
/// and <see cref="Describe"/> shows the exact object first (the dry-run). Its log is split back into a <see cref="NodeDump"/>.
/// </summary>
public static class NodeDebugPod
{
    /// <summary>An image with sh, iptables-save, nft, ipvsadm and cat (netshoot).</summary>
    public const string DefaultImage = "nicolaka/netshoot:v0.13";

    private const string Marker = "### companion:";

    private static readonly (string Part, string Command)[] Parts =
    [
        ("iptables-save", "iptables-save"),
        ("nft", "nft list ruleset"),
        ("ipvsadm", "ipvsadm -Ln"),
        ("resolv.conf", "cat /host-etc/resolv.conf"),
    ];

    /// <summary>The pod it would create on <paramref name="nodeName"/>.</summary>
    public static V1Pod Build(string nodeName, string image = DefaultImage, string @namespace = "kube-system")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        var script = string.Join("; ", Parts.Select(p => $"echo '{Marker}{p.Part}'; {p.Command} 2>&1"));
        var suffix = ((uint)StringComparer.Ordinal.GetHashCode(nodeName)).ToString("x8", CultureInfo.InvariantCulture);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = $"companion-node-dump-{suffix}",
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/created-by"] = "companion" },
            },
            Spec = new V1PodSpec
            {
                NodeName = nodeName,
                HostNetwork = true,
                RestartPolicy = "Never",
                Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
                Containers =
                [
                    new V1Container
                    {
                        Name = "dump",
                        Image = image,
                        Command = ["sh", "-c", script],
                        SecurityContext = new V1SecurityContext { Privileged = true },
                        VolumeMounts = [new V1VolumeMount { Name = "host-etc", MountPath = "/host-etc", ReadOnlyProperty = true }],
                    },
                ],
                Volumes = [new V1Volume { Name = "host-etc", HostPath = new V1HostPathVolumeSource { Path = "/etc", Type = "Directory" } }],
            },
        };
    }

    /// <summary>The dry-run: what would be created, and the exact object as JSON.</summary>
    public static string Describe(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return $"would create (and delete afterwards) pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {pod.Spec.NodeName}, "
            + $"privileged, hostNetwork, image {pod.Spec.Containers[0].Image}:\n{KubernetesJson.Serialize(pod)}";
    }

    /// <summary>Splits the pod's log back into the dump's parts.</summary>
    public static NodeDump ParseLog(string nodeName, string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var lines = new List<string>();
        foreach (var line in log.Split('\n'))
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                Flush();
                current = line[Marker.Length..].Trim();
                continue;
            }

            lines.Add(line);
        }

        Flush();
        return new NodeDump(nodeName, parts.GetValueOrDefault("iptables-save"), parts.GetValueOrDefault("nft"),
            parts.GetValueOrDefault("ipvsadm"), null, parts.GetValueOrDefault("resolv.conf"));

        void Flush()
        {
            if (current is not null)
            {
                parts[current] = string.Join('\n', lines).TrimEnd() + "\n";
            }

            lines.Clear();
        }
    }
}
