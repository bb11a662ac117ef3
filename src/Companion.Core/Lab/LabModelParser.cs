using System.Net;
using System.Text.Json;
using Companion.Core.Diagnostics;

namespace Companion.Core.Lab;

/// <summary>
/// Reads the lab model file (JSON). Never throws on input: problems come back as diagnostics naming the file and,
/// for syntax errors, the line. Unusable entries are skipped with an error; the rest of the model is kept.
/// </summary>
public static partial class LabModelParser
{
    public const int MaxNodes = 8;
    public const int MaxReplicas = 20;
    public const int MaxPods = 64;

    public static ParseResult<LabModel> Parse(string? text, string source = "lab-model.json")
    {
        var diagnostics = new List<Diagnostic>();
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Add(Diagnostic.Fail("the lab model is empty", source));
            return new(LabModel.Empty, diagnostics);
        }

        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            var model = Read(doc.RootElement, source, diagnostics);
            return new(model, diagnostics);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)Math.Min(l + 1, int.MaxValue) : (int?)null;
            diagnostics.Add(Diagnostic.Fail($"not valid JSON: {FirstSentence(e.Message)}", source, line));
            return new(LabModel.Empty, diagnostics);
        }
    }

    private static LabModel Read(JsonElement root, string source, List<Diagnostic> d)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            d.Add(Diagnostic.Fail("the lab model must be a JSON object", source));
            return LabModel.Empty;
        }

        var e = LabModel.Empty;
        var nodes = Int(root, "nodes", e.NodeCount, source, d);
        if (nodes is < 1 or > MaxNodes)
        {
            d.Add(Diagnostic.Fail($"nodes must be between 1 and {MaxNodes}, got {nodes}", source));
            nodes = Math.Clamp(nodes, 1, MaxNodes);
        }

        var podCidr = Cidr(root, "podCidr", e.PodCidr, maxPrefix: 16, source, d);
        var serviceCidr = Cidr(root, "serviceCidr", e.ServiceCidr, maxPrefix: 24, source, d);
        var nodeCidr = Cidr(root, "nodeCidr", e.NodeCidr, maxPrefix: 28, source, d);
        var domain = Str(root, "clusterDomain", source, d) ?? e.ClusterDomain;
        if (!DomainRegex().IsMatch(domain))
        {
            d.Add(Diagnostic.Fail($"clusterDomain '{domain}' is not a DNS name", source));
            domain = e.ClusterDomain;
        }

        var dnsIp = Str(root, "clusterDnsIp", source, d) ?? e.ClusterDnsIp;
        if (!IPAddress.TryParse(dnsIp, out var parsedDns) || parsedDns.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            d.Add(Diagnostic.Fail($"clusterDnsIp '{dnsIp}' is not an IPv4 address", source));
            dnsIp = e.ClusterDnsIp;
        }

        var deployments = Array(root, "deployments", source, d).Select((x, i) => Deployment(x, i, source, d)).OfType<LabDeployment>().ToList();
        var pods = 0;
        for (var i = 0; i < deployments.Count; i++)
        {
            pods += deployments[i].Replicas;
            if (pods > MaxPods)
            {
                d.Add(Diagnostic.Fail($"more than {MaxPods} pods in total; deployment {deployments[i].Namespace}/{deployments[i].Name} and later ones are left out", source));
                deployments = deployments.Take(i).ToList();
                break;
            }
        }

        var services = Array(root, "services", source, d).Select((x, i) => Service(x, i, source, d)).OfType<LabService>().ToList();
        Duplicates(deployments.Select(x => $"{x.Namespace}/{x.Name}"), "deployment", source, d);
        Duplicates(services.Select(x => $"{x.Namespace}/{x.Name}"), "service", source, d);
        return new LabModel(nodes, podCidr, serviceCidr, nodeCidr, domain, dnsIp,
            deployments.DistinctBy(x => (x.Namespace, x.Name)).ToList(), services.DistinctBy(x => (x.Namespace, x.Name)).ToList());
    }

    private static LabDeployment? Deployment(JsonElement x, int index, string source, List<Diagnostic> d)
    {
        var where = $"deployments[{index}]";
        if (!Names(x, where, source, d, out var ns, out var name))
        {
            return null;
        }

        var replicas = Int(x, "replicas", 1, source, d);
        if (replicas is < 0 or > MaxReplicas)
        {
            d.Add(Diagnostic.Fail($"{where}: replicas must be between 0 and {MaxReplicas}, got {replicas}", source));
            replicas = Math.Clamp(replicas, 0, MaxReplicas);
        }

        var labels = Map(x, "labels", where, source, d);
        if (labels.Count == 0)
        {
            labels = new Dictionary<string, string> { ["app"] = name };
        }

        var ports = Array(x, "ports", source, d).Select(p => ContainerPort(p, where, source, d)).OfType<LabContainerPort>().ToList();
        return new LabDeployment(ns, name, replicas, labels, ports);
    }

    private static LabService? Service(JsonElement x, int index, string source, List<Diagnostic> d)
    {
        var where = $"services[{index}]";
        if (!Names(x, where, source, d, out var ns, out var name))
        {
            return null;
        }

        var clusterIp = Str(x, "clusterIP", source, d);
        if (clusterIp is not null && clusterIp != "None" && !IPAddress.TryParse(clusterIp, out _))
        {
            d.Add(Diagnostic.Fail($"{where}: clusterIP '{clusterIp}' is neither an IPv4 address nor None; one is assigned", source));
            clusterIp = null;
        }

        var selector = Map(x, "selector", where, source, d);
        if (selector.Count == 0)
        {
            selector = new Dictionary<string, string> { ["app"] = name };
        }

        var ports = Array(x, "ports", source, d).Select(p => ServicePort(p, where, source, d)).OfType<LabServicePort>().ToList();
        if (ports.Count == 0)
        {
            d.Add(Diagnostic.Warn($"{where}: service {ns}/{name} has no ports", source));
        }

        return new LabService(ns, name, selector, ports, clusterIp);
    }

    private static LabContainerPort? ContainerPort(JsonElement p, string where, string source, List<Diagnostic> d)
    {
        var port = PortNumber(p, "port", where, source, d);
        return port is null ? null : new LabContainerPort(PortName(p, where, source, d), port.Value, Protocol(p, where, source, d));
    }

    private static LabServicePort? ServicePort(JsonElement p, string where, string source, List<Diagnostic> d)
    {
        var port = PortNumber(p, "port", where, source, d);
        if (port is null)
        {
            return null;
        }

        string? target = null;
        if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("targetPort", out var t))
        {
            target = t.ValueKind switch
            {
                JsonValueKind.Number when t.TryGetInt32(out var n) && n is > 0 and < 65536 => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                JsonValueKind.String when LabelRegex().IsMatch(t.GetString() ?? "") => t.GetString(),
                _ => null,
            };
            if (target is null)
            {
                d.Add(Diagnostic.Fail($"{where}: targetPort must be a port number or a port name", source));
            }
        }

        return new LabServicePort(PortName(p, where, source, d), port.Value, target, Protocol(p, where, source, d));
    }
}
