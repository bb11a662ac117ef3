using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>What one client connection saw: the endpoint that answered and the source address it saw, or a failure.</summary>
internal sealed record Observation(string? Endpoint, string? SeenSource, string? Failure);

/// <summary>
/// A kube-proxy node in network namespaces, routed like a CNI without a bridge:
/// <code>
///   client 10.244.1.20 ─c0─┐                 ┌─b0─ pod 10.244.1.10 (TCP+UDP servers on every port asked for)
///   ext 192.168.50.99 ─x0─ node (rules here) ─b1─ pod 10.244.1.9
///                          (10.244.1.1 on every pod-facing veth, 192.168.50.2 on x0, default route via ext)
/// </code>
/// Servers answer "ip:port seen-source". Everything is removed on dispose.
/// </summary>
internal sealed class KubeProxyLab : IAsyncDisposable
{
    public const string Gateway = "10.244.1.1";
    public const string ClientIp = "10.244.1.20";
    public const string ExternalIp = "192.168.50.99";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _servers = [];

    private KubeProxyLab(NetnsLab netns) => Netns = netns;

    public NetnsLab Netns { get; }

    public string NodeNs => Netns.Ns("node");

    public string ClientNs => Netns.Ns("client");

    public string ExternalNs => Netns.Ns("ext");

    public Dictionary<string, string> PodNamespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds the node, a client pod, an external host and one pod per endpoint IP, serving the given ports.</summary>
    public static async Task<KubeProxyLab> StartAsync(string owner, IReadOnlyList<string> endpointIps, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var lab = new KubeProxyLab(NetnsLab.Create(owner));
        try
        {
            await lab.BuildAsync(endpointIps, ports, cancellationToken);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(IReadOnlyList<string> endpointIps, IReadOnlyList<int> ports, CancellationToken ct)
    {
        var node = await Netns.AddNamespaceAsync("node", ct);
        (await Netns.ExecAsync(node, "sysctl", ["-qw", "net.ipv4.ip_forward=1"], ct)).EnsureSuccess("ip_forward");
        var ext = await Netns.AddNamespaceAsync("ext", ct);
        await Netns.LinkAsync(node, "x0", $"{ProxyScenario.NodeIp}/24", ext, "eth0", $"{ExternalIp}/24", ct);
        (await Netns.ExecAsync(ext, "ip", ["route", "add", "default", "via", ProxyScenario.NodeIp], ct)).EnsureSuccess("ext default");
        (await Netns.ExecAsync(node, "ip", ["route", "add", "default", "via", ExternalIp], ct)).EnsureSuccess("node default");
        await AddPodAsync("client", "c0", ClientIp, ct);
        for (var i = 0; i < endpointIps.Count; i++)
        {
            var ns = await AddPodAsync($"p{i}", $"b{i}", endpointIps[i], ct);
            PodNamespaces[endpointIps[i]] = ns;
            foreach (var port in ports)
            {
                StartServers(ns, port);
            }
        }
    }

    private async Task<string> AddPodAsync(string role, string nodeIf, string ip, CancellationToken ct)
    {
        var ns = await Netns.AddNamespaceAsync(role, ct);
        await Netns.LinkAsync(NodeNs, nodeIf, $"{Gateway}/32", ns, "eth0", $"{ip}/32", ct);
        (await Netns.ExecAsync(NodeNs, "ip", ["route", "add", $"{ip}/32", "dev", nodeIf], ct)).EnsureSuccess("pod route");
        (await Netns.ExecAsync(ns, "ip", ["route", "add", Gateway, "dev", "eth0"], ct)).EnsureSuccess("gateway route");
        (await Netns.ExecAsync(ns, "ip", ["route", "add", "default", "via", Gateway], ct)).EnsureSuccess("pod default");
        return ns;
    }

    private void StartServers(string ns, int port)
    {
        var tcp = Netns.CreateSocket(ns, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Any, port));
        tcp.Listen(512);
        var udp = Netns.CreateSocket(ns, SocketType.Dgram, ProtocolType.Udp);
        udp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        udp.Bind(new IPEndPoint(IPAddress.Any, port));
        _sockets.Add(tcp);
        _sockets.Add(udp);
        _servers.Add(Task.Run(() => ServeTcpAsync(tcp, _stop.Token)));
        _servers.Add(Task.Run(() => ServeUdpAsync(udp, port, _stop.Token)));
    }

    private static async Task ServeTcpAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket conn;
            try
            {
                conn = await listener.AcceptAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (conn)
            {
                var local = (IPEndPoint)conn.LocalEndPoint!;
                var remote = (IPEndPoint)conn.RemoteEndPoint!;
                var reply = Encoding.ASCII.GetBytes($"{local.Address}:{local.Port} {remote.Address}\n");
                try
                {
                    await conn.SendAsync(reply, ct);
                    conn.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    // The client gave up; nothing to answer.
                }
            }
        }
    }

    private static async Task ServeUdpAsync(Socket socket, int port, CancellationToken ct)
    {
        var buffer = new byte[512];
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var r = await socket.ReceiveMessageFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), ct);
                var remote = (IPEndPoint)r.RemoteEndPoint;
                var reply = Encoding.ASCII.GetBytes($"{r.PacketInformation.Address}:{port} {remote.Address}\n");
                await socket.SendToAsync(reply, remote, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>Loads rules into the node with iptables-restore (or any loader reading stdin, e.g. "nft" with "-f", "-").</summary>
    public async Task LoadAsync(string rules, CancellationToken ct, string loader = "iptables-restore", params string[] args) =>
        (await Netns.ExecAsync(NodeNs, loader, args, ct, rules)).EnsureSuccess(loader);

    /// <summary>One TCP connection from a namespace (optionally from a given source IP), bounded by a timeout.</summary>
    public async Task<Observation> ConnectTcpAsync(string ns, string destination, int port, CancellationToken ct, TimeSpan? timeout = null)
    {
        using var socket = Netns.CreateSocket(ns, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(destination), port, cts.Token);
            var buffer = new byte[256];
            var n = 0;
            while (n < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(n), cts.Token);
                if (read == 0)
                {
                    break;
                }

                n += read;
            }

            return Parse(Encoding.ASCII.GetString(buffer, 0, n));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Observation(null, null, "timeout");
        }
        catch (SocketException e)
        {
            return new Observation(null, null, e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "refused",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
                _ => e.SocketErrorCode.ToString(),
            });
        }
    }

    /// <summary>One UDP request/answer from a namespace.</summary>
    public async Task<Observation> SendUdpAsync(string ns, string destination, int port, CancellationToken ct)
    {
        using var socket = Netns.CreateSocket(ns, SocketType.Dgram, ProtocolType.Udp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.SendToAsync("q"u8.ToArray(), new IPEndPoint(IPAddress.Parse(destination), port), cts.Token);
            var buffer = new byte[256];
            var r = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return Parse(Encoding.ASCII.GetString(buffer, 0, r.ReceivedBytes));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Observation(null, null, "timeout");
        }
        catch (SocketException e)
        {
            return new Observation(null, null, e.SocketErrorCode == SocketError.ConnectionRefused ? "refused" : e.SocketErrorCode.ToString());
        }
    }

    private static Observation Parse(string reply)
    {
        var parts = reply.Trim().Split(' ');
        return parts.Length == 2 ? new Observation(parts[0], parts[1], null) : new Observation(null, null, $"bad reply '{reply.Trim()}'");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var s in _sockets)
        {
            s.Dispose();
        }

        await Task.WhenAll(_servers).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await Netns.DisposeAsync();
        _stop.Dispose();
    }
}
