namespace Companion.Interactive.Dns;

/// <summary>
/// What a <see cref="LocalDnsServer"/> answers: A records by name, and the zones it is authoritative for (any other name in
/// them is NXDOMAIN; a name that exists without an AAAA record gives NODATA for AAAA, as CoreDNS does for a ClusterIP Service).
/// </summary>
public sealed record LocalDnsZone(IReadOnlyDictionary<string, string> Records, IReadOnlyList<string> AuthoritativeDomains)
{
    /// <summary>A small cluster.local: the API server, kube-dns, and web in namespace demo; plus one outside name.</summary>
    public static LocalDnsZone ClusterLocal { get; } = new(
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["kubernetes.default.svc.cluster.local"] = "10.96.0.1",
            ["kube-dns.kube-system.svc.cluster.local"] = "10.96.0.10",
            ["web.demo.svc.cluster.local"] = "10.96.12.34",
            ["api.demo.svc.cluster.local"] = "10.96.12.35",
            ["api.example.com"] = "203.0.113.10",
        },
        ["cluster.local", "example.com"]);
}
