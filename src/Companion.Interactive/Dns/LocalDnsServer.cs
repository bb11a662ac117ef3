using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Companion.Cluster.Dns;
using Companion.Core.Dns;
using Microsoft.DotNet.Interactive;

namespace Companion.Interactive.Dns;

/// <summary>
/// A real dnsmasq on a loopback address serving a <see cref="LocalDnsZone"/>: the stand-in for CoreDNS in the DNS chapter.
/// It needs no root (unprivileged port), logs every query it receives, and stops on dispose, on process exit, and — through
/// <c>setpriv --pdeathsig</c> — when the notebook kernel dies.
/// </summary>
public sealed class LocalDnsServer : IAsyncDisposable, IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly Lock _gate = new();
    private int _disposed;

    private LocalDnsServer(Process process, string address, int port, string directory)
    {
        _process = process;
        Address = address;
        Port = port;
        Directory = directory;
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.OutputDataReceived += (_, e) => Record(e.Data);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The loopback address it listens on.</summary>
    public string Address { get; }

    /// <summary>The UDP and TCP port.</summary>
    public int Port { get; }

    /// <summary>"IP:port", as <c>--server</c> takes it.</summary>
    public string Endpoint => $"{Address}:{Port}";

    /// <summary>A private folder for files such as resolv.conf (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>Every query dnsmasq logged since start (or since <see cref="ClearQueryLog"/>), e.g. "query[A] web.demo.svc.cluster.local from 127.0.0.1".</summary>
    public IReadOnlyList<string> QueryLog
    {
        get
        {
            lock (_gate)
            {
                return _log.Where(l => l.Contains("query[", StringComparison.Ordinal)).ToArray();
            }
        }
    }

    /// <summary>Starts dnsmasq and waits until it answers (at most 10 s).</summary>
    public static async Task<LocalDnsServer> StartAsync(
        LocalDnsZone? zone = null, string address = "127.0.0.153", int port = 0, CancellationToken cancellationToken = default)
    {
        zone ??= LocalDnsZone.ClusterLocal;
        port = port > 0 ? port : FreePort(address);
        var directory = System.IO.Directory.CreateTempSubdirectory("companion-dns-").FullName;
        var process = new Process { StartInfo = StartInfo(zone, address, port) };
        if (!process.Start())
        {
            throw new InvalidOperationException("dnsmasq did not start");
        }

        var server = new LocalDnsServer(process, address, port, directory);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync(zone, cancellationToken).ConfigureAwait(false);
            server.ClearQueryLog();
            // In a notebook, the kernel stops it too when it shuts down.
            KernelInvocationContext.Current?.HandlingKernel?.RootKernel.RegisterForDisposal(server);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Forgets the queries logged so far.</summary>
    public void ClearQueryLog()
    {
        lock (_gate)
        {
            _log.Clear();
        }
    }

    /// <summary>What kubelet writes for a ClusterFirst pod in <paramref name="podNamespace"/>, pointing at this server.</summary>
    public ResolvConf PodResolvConf(string podNamespace = "demo") => ResolvConf.ClusterFirst(Endpoint, podNamespace);

    /// <summary>Writes <paramref name="conf"/> as a resolv.conf file in <see cref="Directory"/> and returns its path.</summary>
    public string WriteResolvConf(ResolvConf conf, string fileName = "resolv.conf")
    {
        ArgumentNullException.ThrowIfNull(conf);
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path,
            "# written by the companion for a local dnsmasq on an unprivileged port; real pods reach CoreDNS on port 53\n"
            + conf.ToFileText());
        return path;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether dnsmasq is still running.</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    private static ProcessStartInfo StartInfo(LocalDnsZone zone, string address, int port)
    {
        var dnsmasq = File.Exists("/usr/sbin/dnsmasq") ? "/usr/sbin/dnsmasq" : "dnsmasq";
        var useSetpriv = File.Exists("/usr/bin/setpriv");
        var info = new ProcessStartInfo(useSetpriv ? "/usr/bin/setpriv" : dnsmasq)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (useSetpriv)
        {
            info.ArgumentList.Add("--pdeathsig");
            info.ArgumentList.Add("KILL");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(dnsmasq);
        }

        string[] fixedArgs =
        [
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=",
            "--bind-interfaces", $"--listen-address={address}", $"--port={port}", "--cache-size=0",
            "--log-queries", "--log-facility=-",
        ];
        fixedArgs.ToList().ForEach(info.ArgumentList.Add);
        if (Environment.UserName == "root")
        {
            info.ArgumentList.Add("--user=root");
        }

        foreach (var domain in zone.AuthoritativeDomains)
        {
            info.ArgumentList.Add($"--local=/{domain}/");
        }

        foreach (var (name, ip) in zone.Records)
        {
            info.ArgumentList.Add($"--host-record={name},{ip}");
        }

        return info;
    }

    private async Task WaitUntilAnsweringAsync(LocalDnsZone zone, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var transport = new DnsClientTransport();
        var probe = new PlannedQuery(DnsRecordType.A, zone.Records.Keys.First());
        var server = new DnsServerEndpoint(Address, Port);
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"dnsmasq exited ({_process.ExitCode}): {string.Join(" | ", Snapshot())}");
                }

                var answer = await transport.QueryAsync(probe, server, false, TimeSpan.FromMilliseconds(300), timeout.Token).ConfigureAwait(false);
                if (answer.Outcome == DnsOutcome.NoError)
                {
                    return;
                }

                await Task.Delay(50, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"dnsmasq on {Endpoint} did not answer within 10 s: {string.Join(" | ", Snapshot())}");
        }
    }

    private string[] Snapshot()
    {
        lock (_gate)
        {
            return _log.TakeLast(5).ToArray();
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.Add(line);
        }
    }

    private static int FreePort(string address)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return ((IPEndPoint)udp.LocalEndPoint!).Port;
    }
}
