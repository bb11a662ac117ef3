using System.Globalization;
using Companion.Core.Model;

namespace Companion.Core.Lab;

/// <summary>
/// The lab as the same records the live and recording sources return (nodes, pods, Services, EndpointSlices),
/// with the IPs the lab assigned. Pods are Running and Ready; the slices carry the resolved target ports.
/// </summary>
public static class LabSnapshotBuilder
{
    public static ClusterSnapshot Build(LabTopology topology, ProxyMode proxyMode)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var nodes = topology.Nodes.Select(n => new NodeInfo(n.Name, [new NodeAddress("InternalIP", n.InternalIp), new NodeAddress("Hostname", n.Name)],
            [n.PodCidr], Ready: true, Labels: new Dictionary<string, string> { ["kubernetes.io/hostname"] = n.Name })).ToList();
        var pods = topology.Pods.Select(p => new PodInfo(p.Namespace, p.Name, p.NodeName, p.Ip, "Running", Ready: true, Restarts: 0, p.Labels,
            p.Ports.Select(c => new ContainerPortInfo(p.Deployment, c.Name, c.Port, c.Protocol)).ToList(),
            DnsPolicy: p.IsClusterDns ? "Default" : "ClusterFirst", PodIps: [p.Ip])).ToList();
        var services = topology.Services.Select(s => new ServiceInfo(s.Namespace, s.Name, "ClusterIP", s.ClusterIp,
            s.Ports.Select(p => new ServicePortInfo(p.Name, p.Protocol, p.Port, p.TargetPort ?? p.Port.ToString(CultureInfo.InvariantCulture))).ToList(),
            s.Selector, ClusterIps: [s.ClusterIp])).ToList();
        var slices = topology.Services.Select(s => Slice(topology, s)).ToList();
        var evidence = $"lab {topology.LabName}: rules loaded by companion lab up --proxy-mode {proxyMode.ToString().ToLowerInvariant()}";
        var dns = new ClusterDnsInfo("kube-system", "kube-dns", topology.ClusterDnsIp, topology.ClusterDomain, Corefile: null, NodeLocalDnsCache: false);
        return new ClusterSnapshot(new SourceInfo(SourceKind.Lab, topology.LabName), nodes, pods, services, slices,
            new ProxyModeInfo(proxyMode, evidence), dns, ServerVersion: "lab");
    }

    private static EndpointSliceInfo Slice(LabTopology topology, LabServiceEntry s)
    {
        var endpoints = topology.Endpoints(s).ToList();
        var ports = s.Ports.Select(p => new EndpointPortInfo(p.Name, p.Protocol, ResolveTargetPort(p, endpoints.FirstOrDefault()))).ToList();
        var list = endpoints.Select(p => new EndpointInfo([p.Ip], Ready: true, Serving: true, Terminating: false, NodeName: p.NodeName,
            TargetRef: new EndpointTargetRef("Pod", p.Namespace, p.Name))).ToList();
        return new EndpointSliceInfo(s.Namespace, $"{s.Name}-lab", s.Name, "IPv4", ports, list,
            new Dictionary<string, string> { ["kubernetes.io/service-name"] = s.Name, ["endpointslice.kubernetes.io/managed-by"] = "companion-lab" });
    }

    /// <summary>The container port a Service port reaches on this pod: a number as is, a name looked up; null if the name is unknown.</summary>
    public static int? ResolveTargetPort(LabServicePort port, LabPod? pod)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (port.TargetPort is null)
        {
            return port.Port;
        }

        if (int.TryParse(port.TargetPort, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        return pod?.Ports.FirstOrDefault(c => c.Name == port.TargetPort && c.Protocol == port.Protocol)?.Port;
    }
}
