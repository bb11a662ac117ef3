using System.Text.Json.Serialization;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>The `lab status --json` document.</summary>
internal sealed record LabStatusJson(bool Up, string? ProxyMode, IReadOnlyList<LabStatusJson.NodeJson> Nodes, IReadOnlyList<LabStatusJson.PodJson> Pods, IReadOnlyList<LabStatusJson.ServiceJson> Services)
{
    public static LabStatusJson From(LabStatus status)
    {
        var t = status.Topology;
        if (t is null)
        {
            return new LabStatusJson(false, status.ProxyMode, [], [], []);
        }

        return new LabStatusJson(status.Up, status.ProxyMode,
            t.Nodes.Select(n => new NodeJson(n.Name, n.InternalIp, n.PodCidr, n.Netns)).ToList(),
            t.Pods.Select(p => new PodJson(p.Namespace, p.Name, p.Ip, p.NodeName, p.Netns)).ToList(),
            t.Services.Select(s => new ServiceJson(s.Namespace, s.Name, s.ClusterIp, s.Ports.Select(p => new PortJson(p.Name, p.Port, p.Protocol)).ToList())).ToList());
    }

    internal sealed record NodeJson(string Name, string InternalIP, string PodCidr, string Netns);

    internal sealed record PodJson(string Namespace, string Name, string Ip, string Node, string Netns);

    internal sealed record ServiceJson(string Namespace, string Name, [property: JsonPropertyName("clusterIP")] string ClusterIp, IReadOnlyList<PortJson> Ports);

    internal sealed record PortJson(string? Name, int Port, string Protocol);
}
