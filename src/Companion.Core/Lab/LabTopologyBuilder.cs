using System.Globalization;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;

namespace Companion.Core.Lab;

/// <summary>
/// Assigns names and addresses: node i gets podCidr's i-th /24 (bridge .1, pods from .2) and nodeCidr host 2+i;
/// pods are spread round-robin over the nodes (kube-dns first); Services get the given ClusterIP or the next free
/// address from serviceCidr host 100 on. kube-system/kube-dns (dnsmasq) is always added.
/// </summary>
public static partial class LabTopologyBuilder
{
    public const string DefaultLabName = "companion";

    [GeneratedRegex("^[a-z0-9]{1,12}(-[a-z0-9]{1,12})?$")]
    private static partial Regex LabNameRegex();

    /// <summary>True for 1–25 characters: one or two groups of [a-z0-9], joined by one dash.</summary>
    public static bool IsValidLabName(string? name) => name is not null && LabNameRegex().IsMatch(name);

    /// <summary>"c80-&lt;lab&gt;_": the prefix of every netns of that lab. The underscore cannot occur in a lab name.</summary>
    public static string NetnsPrefix(string labName) => $"c80-{labName}_";

    public static ParseResult<LabTopology> Build(LabModel model, string labName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var d = new List<Diagnostic>();
        if (!IsValidLabName(labName))
        {
            d.Add(Diagnostic.Fail($"lab name '{labName}' must be one or two groups of a-z0-9 (at most 12 each) joined by a dash"));
            labName = DefaultLabName;
        }

        var prefix = NetnsPrefix(labName);
        Ipv4Cidr.TryParse(model.PodCidr, out var podCidr);
        Ipv4Cidr.TryParse(model.ServiceCidr, out var serviceCidr);
        Ipv4Cidr.TryParse(model.NodeCidr, out var nodeCidr);
        var nodes = Enumerable.Range(0, model.NodeCount).Select(i =>
        {
            var name = $"node-{(char)('a' + i)}";
            var cidr = podCidr.Subnet(i, 24);
            return new LabNode(name, prefix + name, nodeCidr.At(2 + i), nodeCidr.Prefix, $"fab-{name}", cidr.ToString(), cidr.At(1));
        }).ToList();

        var dnsDeployment = new LabDeployment("kube-system", "coredns", 1, new Dictionary<string, string> { ["k8s-app"] = "kube-dns" },
            [new LabContainerPort("dns", 53, "UDP"), new LabContainerPort("dns-tcp", 53, "TCP")]);
        var pods = new List<LabPod>();
        var perNode = new int[nodes.Count];
        foreach (var dep in new[] { dnsDeployment }.Concat(model.Deployments))
        {
            for (var r = 0; r < dep.Replicas; r++)
            {
                var nodeIndex = pods.Count % nodes.Count;
                var node = nodes[nodeIndex];
                perNode[nodeIndex]++;
                var name = $"{dep.Name}-{r.ToString(CultureInfo.InvariantCulture)}";
                Ipv4Cidr.TryParse(node.PodCidr, out var nodePods);
                pods.Add(new LabPod(dep.Namespace, name, dep.Name, $"{prefix}{dep.Namespace}.{name}", node.Name, nodePods.At(1 + perNode[nodeIndex]),
                    $"vp{pods.Count.ToString(CultureInfo.InvariantCulture)}", dep.Labels, dep.Ports, IsClusterDns: ReferenceEquals(dep, dnsDeployment)));
            }
        }

        var services = new List<LabServiceEntry>
        {
            new("kube-system", "kube-dns", model.ClusterDnsIp,
                [new LabServicePort("dns", 53, "53", "UDP"), new LabServicePort("dns-tcp", 53, "53", "TCP")],
                new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }),
        };
        var used = new HashSet<string>(StringComparer.Ordinal) { model.ClusterDnsIp };
        foreach (var s in model.Services.Where(s => s.ClusterIp is not null && s.ClusterIp != "None"))
        {
            if (!used.Add(s.ClusterIp!))
            {
                d.Add(Diagnostic.Fail($"service {s.Namespace}/{s.Name}: clusterIP {s.ClusterIp} is already taken; one is assigned"));
            }
            else if (!serviceCidr.Contains(s.ClusterIp!))
            {
                d.Add(Diagnostic.Warn($"service {s.Namespace}/{s.Name}: clusterIP {s.ClusterIp} is outside serviceCidr {model.ServiceCidr}"));
            }
        }

        var next = 100L;
        foreach (var s in model.Services)
        {
            var ip = s.ClusterIp;
            if (ip is null || (ip != "None" && services.Any(x => x.ClusterIp == ip)))
            {
                while (next < serviceCidr.Size - 1 && used.Contains(serviceCidr.At(next)))
                {
                    next++;
                }

                ip = serviceCidr.At(next);
                used.Add(ip);
            }

            services.Add(new LabServiceEntry(s.Namespace, s.Name, ip, s.Ports, s.Selector));
        }

        var topology = new LabTopology(labName, prefix + "fabric", model.ClusterDomain, model.ClusterDnsIp, model.PodCidr, model.ServiceCidr, nodes, pods, services);
        foreach (var s in services.Where(s => !topology.Endpoints(s).Any()))
        {
            d.Add(Diagnostic.Warn($"service {s.Namespace}/{s.Name} selects no pod"));
        }

        return new ParseResult<LabTopology>(topology, d);
    }
}
