using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>
/// A real dnsmasq serving <see cref="DnsTestZone"/> on 127.0.0.1 (a free port, or port 53 inside a network namespace),
/// logging every query to a file. Dispose kills it and removes its files.
/// </summary>
public sealed partial class DnsmasqServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private DnsmasqServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Server => $"127.0.0.1:{Port}";

    public string LogPath => Path.Combine(_dir, "queries.log");

    /// <summary>Starts dnsmasq (inside <paramref name="netns"/> on port 53 when given) and waits until its log says it started.</summary>
    public static async Task<DnsmasqServer> StartAsync(string? netns = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = netns is null ? FreePort() : 53;
            var dir = Directory.CreateTempSubdirectory("companion-dnsmasq-").FullName;
            var args = new List<string>
            {
                "--keep-in-foreground", "--no-resolv", "--no-hosts", "--address=/#/", "--conf-file=/dev/null", "--pid-file=",
                "--user=root", "--group=root", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces", "--cache-size=0",
                "--local-ttl=5", "--log-queries", $"--log-facility={Path.Combine(dir, "queries.log")}",
            };
            args.AddRange(DnsTestZone.Records);
            var psi = netns is null ? new ProcessStartInfo("dnsmasq") : new ProcessStartInfo("ip");
            if (netns is not null)
            {
                foreach (var a in new[] { "netns", "exec", netns, "dnsmasq" })
                {
                    psi.ArgumentList.Add(a);
                }
            }

            args.ForEach(psi.ArgumentList.Add);
            psi.RedirectStandardError = true;
            psi.RedirectStandardOutput = true;
            psi.UseShellExecute = false;
            var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dnsmasq");
            var server = new DnsmasqServer(process, dir, port);
            if (await server.WaitStartedAsync(cancellationToken))
            {
                return server;
            }

            var error = process.HasExited ? await process.StandardError.ReadToEndAsync(cancellationToken) : "no 'started' line";
            await server.DisposeAsync();
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"dnsmasq did not start: {error.Trim()}");
            }
        }
    }

    /// <summary>The queries dnsmasq logged so far, in arrival order, names without trailing dot.</summary>
    public IReadOnlyList<PlannedQuery> Queries()
    {
        var lines = ReadLog();
        return lines.Select(l => QueryLine().Match(l)).Where(m => m.Success)
            .Select(m => new PlannedQuery(Enum.Parse<DnsRecordType>(m.Groups[1].Value), m.Groups[2].Value.TrimEnd('.')))
            .ToArray();
    }

    /// <summary>
    /// Waits until at least <paramref name="atLeast"/> queries are logged and the count has stopped changing for 200 ms
    /// (dnsmasq writes its log from its main loop), bounded at about 5 s.
    /// </summary>
    public async Task<IReadOnlyList<PlannedQuery>> SettledQueriesAsync(CancellationToken cancellationToken, int atLeast = 0)
    {
        var last = -1;
        var stableRounds = 0;
        for (var i = 0; i < 100 && (stableRounds < 4 || last < atLeast); i++)
        {
            await Task.Delay(50, cancellationToken);
            var now = Queries().Count;
            stableRounds = now == last ? stableRounds + 1 : 0;
            last = now;
        }

        return Queries();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private async Task<bool> WaitStartedAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                return false;
            }

            if (ReadLog().Any(l => l.Contains("started, version", StringComparison.Ordinal)))
            {
                // the listening sockets exist before dnsmasq logs "started"
                return true;
            }

            await Task.Delay(20, cancellationToken);
        }

        return false;
    }

    private string[] ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n');
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static int FreePort()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
        using var tcp = new TcpListener(IPAddress.Loopback, port);
        tcp.Start();
        tcp.Stop();
        return port;
    }

    [GeneratedRegex(@"query\[(A|AAAA|SRV|PTR|CNAME|TXT)\] (\S+) from")]
    private static partial Regex QueryLine();
}
