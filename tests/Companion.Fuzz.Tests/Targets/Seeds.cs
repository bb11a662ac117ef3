using Companion.Cluster.Recording;
using Companion.Core.Model;
using Companion.Core.Proxy;
using Companion.Fuzz.Tests.Infra;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>Real inputs from the repository: shipped recordings, the test fixtures the kernel printed, and generator output.</summary>
internal static class Seeds
{
    private static readonly Lazy<ClusterSnapshot> Demo = new(() =>
    {
        var source = new RecordedClusterSource(new DirectoryInfo(Path.Combine(RepoPaths.Recordings, "demo-iptables")));
        return source.GetSnapshotAsync(null, CancellationToken.None).GetAwaiter().GetResult();
    });

    public static IReadOnlyList<string> RecordingFiles(string name) =>
        [.. Directory.GetFiles(RepoPaths.Recordings, name, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    public static IReadOnlyList<string> Iptables() =>
    [
        .. RecordingFiles("iptables-save.txt"),
        Companion.Core.Tests.Proxy.IptablesFixtures.WebAndEmpty,
        KubeProxyIptablesGenerator.Generate(Demo.Value, Options(Demo.Value)),
    ];

    public static IReadOnlyList<string> Nft() =>
    [
        .. RecordingFiles("nft-ruleset.txt"),
        KubeProxyNftGenerator.Generate(Demo.Value, Options(Demo.Value)),
    ];

    public static IReadOnlyList<string> Ipvs() =>
    [
        Companion.Core.Tests.Proxy.Ipvs.IpvsFixtures.Full,
        Companion.Core.Tests.Proxy.Ipvs.IpvsFixtures.Save,
        Companion.Core.Tests.Proxy.Ipvs.IpvsFixtures.ListNumeric,
    ];

    public static IReadOnlyList<string> ResolvConf() =>
    [
        .. RecordingFiles("resolv.conf"),
        "nameserver 10.96.0.10\nsearch demo.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:2 single-request-reopen\n",
        "domain example.org\nnameserver 127.0.0.53\noptions edns0 trust-ad rotate\n",
    ];

    public static IReadOnlyList<string> LabModel() => [File.ReadAllText(RepoPaths.File("notebooks", "lab-model.json"))];

    private static ProxyGeneratorOptions Options(ClusterSnapshot snapshot)
    {
        var node = snapshot.Nodes.FirstOrDefault();
        var ip = node?.Addresses.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? "192.168.50.2";
        return new ProxyGeneratorOptions(node?.Name ?? "node-a", "10.244.0.0/16", [ip]);
    }
}
