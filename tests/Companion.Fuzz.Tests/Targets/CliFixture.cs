using Companion.Fuzz.Tests.Infra;
using Companion.Interactive.Tests.Support;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>
/// The files and addresses the CLI fuzz points commands at, so nothing reaches a network or a cluster: a closed loopback
/// port, a kubeconfig (canary secrets) whose server is that port, resolv.conf files that only name 127.0.0.1, broken
/// recordings and rule files. Everything lives in one temporary directory removed at exit.
/// </summary>
internal sealed class CliFixture
{
    public const string CanaryToken = "fuzz-canary-token-8c1e";

    public static CliFixture Instance { get; } = new();

    private CliFixture()
    {
        Root = Directory.CreateTempSubdirectory("companion-fuzz-cli-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Root, recursive: true);
        ClosedPort = CanaryKubeconfig.ClosedPort();
        var garbage = Write("garbage.bin", "\0\u0001\u00ff{[not a file]}\n\r\n" + new string('x', 3000));
        var empty = Write("empty.txt", "");
        var kubeconfig = CanaryKubeconfig.Write(Path.Combine(Root, "kubeconfig.yaml"), "fuzz", ClosedPort, CanaryToken);
        var missing = Path.Combine(Root, "does-not-exist");
        Server = $"127.0.0.1:{ClosedPort}";
        Kubeconfigs = [kubeconfig, missing, garbage, empty, Root, "/dev/null"];
        ResolvConfs =
        [
            Write("resolv.conf", "nameserver 127.0.0.1\nsearch demo.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:1\n"),
            Write("resolv-odd.conf", "nameserver 127.0.0.1\nsearch\noptions ndots:99999999 timeout:0 attempts:-3 rotate\n\0\n"),
            missing, garbage, empty, Root,
        ];
        var emptyRecording = Directory.CreateDirectory(Path.Combine(Root, "empty-recording")).FullName;
        var badRecording = Directory.CreateDirectory(Path.Combine(Root, "bad-recording")).FullName;
        File.WriteAllText(Path.Combine(badRecording, "manifest.json"), "{\"scenario\": \"x\", \"capturedAt\": \"2026-01-01T00:00:00Z\"}");
        File.WriteAllText(Path.Combine(badRecording, "services.json"), "{\"items\": [{\"spec\": {\"ports\": [{\"port\": \"x\"}]}}]}");
        Recordings =
        [
            Path.Combine(RepoPaths.Recordings, "demo-iptables"), Path.Combine(RepoPaths.Recordings, "lab-default"),
            emptyRecording, badRecording, missing, garbage,
        ];
        Rules =
        [
            Path.Combine(RepoPaths.Recordings, "lab-default", "nodes", "node-a", "iptables-save.txt"),
            Path.Combine(RepoPaths.Recordings, "lab-default", "nodes", "node-a", "nft-ruleset.txt"),
            Write("ipvs.txt", Companion.Core.Tests.Proxy.Ipvs.IpvsFixtures.Full),
            missing, garbage, empty, Root,
        ];
    }

    public string Root { get; }

    public int ClosedPort { get; }

    /// <summary>The only DNS server the fuzz ever names: a closed loopback port.</summary>
    public string Server { get; }

    public IReadOnlyList<string> Kubeconfigs { get; }

    public IReadOnlyList<string> ResolvConfs { get; }

    public IReadOnlyList<string> Recordings { get; }

    public IReadOnlyList<string> Rules { get; }

    /// <summary>An input with this run's paths replaced by placeholders, so a corpus file replays in another run.</summary>
    public string Portable(string input) => input.Replace(Root, "$FUZZ_ROOT", StringComparison.Ordinal).Replace(RepoPaths.Root, "$REPO", StringComparison.Ordinal);

    /// <summary>The placeholders of <see cref="Portable"/> replaced by this run's paths.</summary>
    public string Local(string input) => input.Replace("$FUZZ_ROOT", Root, StringComparison.Ordinal).Replace("$REPO", RepoPaths.Root, StringComparison.Ordinal);

    /// <summary>A path that does not exist yet (for record --out).</summary>
    public string NewPath() => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N"));

    private string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }
}
