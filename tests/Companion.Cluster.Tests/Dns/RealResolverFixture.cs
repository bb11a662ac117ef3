namespace Companion.Cluster.Tests.Dns;

/// <summary>
/// A network namespace "cdns-XXXXXXXX" with lo up, a dnsmasq inside it on 127.0.0.1:53, the getaddrinfo client
/// (tests/tools/gai.c) compiled with gcc (glibc) and musl-gcc (musl, when installed), and a resolv.conf bind-mounted
/// by `ip netns exec` from /etc/netns/NS/resolv.conf. Everything it creates is removed in DisposeAsync, even after failures.
/// Needs root; when not root, nothing is created and <see cref="Require"/> skips.
/// </summary>
public sealed class RealResolverFixture : IAsyncLifetime
{
    private readonly List<Func<Task>> _cleanup = [];
    private string? _skipReason;

    public string Namespace { get; } = "cdns-" + Guid.NewGuid().ToString("N")[..8];

    public DnsmasqServer? InsideDnsmasq { get; private set; }

    public DnsmasqServer? LoopbackDnsmasq { get; private set; }

    public string? GlibcClient { get; private set; }

    public string? MuslClient { get; private set; }

    private string ResolvConfPath => $"/etc/netns/{Namespace}/resolv.conf";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _skipReason = !TestProcess.IsRoot ? "needs root (network namespaces)"
            : !TestProcess.Exists("dnsmasq") ? "dnsmasq is not installed"
            : !TestProcess.Exists("gcc") ? "gcc is not installed"
            : null;
        if (_skipReason is not null)
        {
            return;
        }

        var dir = Directory.CreateTempSubdirectory("companion-gai-").FullName;
        _cleanup.Add(() => { Directory.Delete(dir, recursive: true); return Task.CompletedTask; });
        var source = FindSource();
        GlibcClient = Path.Combine(dir, "gai-glibc");
        await Compile("gcc", source, GlibcClient, ct);
        if (TestProcess.Exists("musl-gcc"))
        {
            MuslClient = Path.Combine(dir, "gai-musl");
            await Compile("musl-gcc", source, MuslClient, ct, "-static");
        }

        await Ip(ct, "netns", "add", Namespace);
        _cleanup.Add(() => Ip(CancellationToken.None, "netns", "delete", Namespace));
        await Ip(ct, "-n", Namespace, "link", "set", "lo", "up");
        if (!Directory.Exists("/etc/netns"))
        {
            Directory.CreateDirectory("/etc/netns");
            _cleanup.Add(() => { DeleteIfEmpty("/etc/netns"); return Task.CompletedTask; });
        }

        Directory.CreateDirectory($"/etc/netns/{Namespace}");
        _cleanup.Add(() => { Directory.Delete($"/etc/netns/{Namespace}", recursive: true); return Task.CompletedTask; });
        InsideDnsmasq = await DnsmasqServer.StartAsync(Namespace, ct);
        _cleanup.Add(() => InsideDnsmasq.DisposeAsync().AsTask());
        LoopbackDnsmasq = await DnsmasqServer.StartAsync(cancellationToken: ct);
        _cleanup.Add(() => LoopbackDnsmasq.DisposeAsync().AsTask());
    }

    /// <summary>Skips the calling test when the fixture could not be set up here.</summary>
    public void Require(bool musl = false)
    {
        Assert.SkipWhen(_skipReason is not null, _skipReason ?? "");
        Assert.SkipWhen(musl && MuslClient is null, "musl-gcc is not installed (apt-get install musl-tools)");
    }

    /// <summary>Writes the namespace's resolv.conf (read by the client at its next start).</summary>
    public void WriteResolvConf(string text) => File.WriteAllText(ResolvConfPath, text);

    /// <summary>Runs the client inside the namespace; returns its exit code and the addresses it printed.</summary>
    public async Task<(int ExitCode, string[] Lines)> ResolveAsync(string client, string name, CancellationToken cancellationToken)
    {
        var result = await TestProcess.RunAsync("ip", ["netns", "exec", Namespace, client, name], TimeSpan.FromSeconds(20), cancellationToken);
        return (result.ExitCode, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            try
            {
                await _cleanup[i]();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
            {
                // keep cleaning up the rest
            }
        }
    }

    private static async Task Compile(string compiler, string source, string output, CancellationToken ct, params string[] extra)
    {
        var result = await TestProcess.RunAsync(compiler, [.. extra, "-O1", "-Wall", "-o", output, source], TimeSpan.FromSeconds(60), ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{compiler} failed: {result.Stderr}");
        }
    }

    private static async Task Ip(CancellationToken ct, params string[] args)
    {
        var result = await TestProcess.RunAsync("ip", args, TimeSpan.FromSeconds(10), ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {result.Stderr.Trim()}");
        }
    }

    private static void DeleteIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
        {
            Directory.Delete(dir);
        }
    }

    private static string FindSource()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "tools", "gai.c");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/tools/gai.c not found above " + AppContext.BaseDirectory);
    }
}
