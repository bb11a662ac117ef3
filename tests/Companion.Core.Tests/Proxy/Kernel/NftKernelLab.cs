using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Companion.Core.Model;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>
/// nftables-mode helpers on top of <see cref="KubeProxyLab"/>: load the generator's output with nft -f, parse what
/// the kernel prints back, and watch <c>nft monitor trace</c> (meta nftrace set 1 in a raw-priority prerouting chain).
/// </summary>
internal static partial class NftKernelLab
{
    public const string Owner = "nftk";
    public static readonly string[] Tools = ["ip", "nft", "conntrack"];

    public static string? SkipReason => NetnsLab.SkipReason(Tools);

    public static async Task<(KubeProxyLab Lab, NftRuleset Listed, string Text)> StartAsync(ClusterSnapshot snapshot, IReadOnlyList<string> podIps, IReadOnlyList<int> ports, CancellationToken ct)
    {
        var lab = await KubeProxyLab.StartAsync(Owner, podIps, ports, ct);
        try
        {
            await lab.LoadAsync(KubeProxyNftGenerator.Generate(snapshot, ProxyScenario.Options()), ct, "nft", "-f", "-");
            var (listed, text) = await ListAsync(lab, ct);
            return (lab, listed, text);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>nft list ruleset in the node, parsed; the parser must read all of it.</summary>
    public static async Task<(NftRuleset Ruleset, string Text)> ListAsync(KubeProxyLab lab, CancellationToken ct)
    {
        var text = (await lab.Netns.ExecAsync(lab.NodeNs, "nft", ["list", "ruleset"], ct)).EnsureSuccess("nft list ruleset").Stdout;
        var parsed = NftRulesetParser.Parse(text, checkEveryRule: true);
        parsed.Diagnostics.Should().BeEmpty("the parser reads everything nft printed");
        return (parsed.Value, text);
    }

    public static PacketSpec Packet(string src, string dst, int port, string proto = "tcp", PacketEntry entry = PacketEntry.Network) =>
        new(src, dst, proto, port, entry, [ProxyScenario.NodeIp, KubeProxyLab.Gateway]);

    /// <summary>
    /// One UDP request from a connected socket, so an ICMP port-unreachable (nft reject) surfaces as "refused";
    /// an unconnected socket never hears about it.
    /// </summary>
    public static async Task<Observation> SendConnectedUdpAsync(KubeProxyLab lab, string ns, string destination, int port, CancellationToken ct)
    {
        using var socket = lab.Netns.CreateSocket(ns, SocketType.Dgram, ProtocolType.Udp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(destination), port, cts.Token);
            await socket.SendAsync("q"u8.ToArray(), cts.Token);
            var buffer = new byte[256];
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            var parts = Encoding.ASCII.GetString(buffer, 0, n).Trim().Split(' ');
            return parts.Length == 2 ? new Observation(parts[0], parts[1], null) : new Observation(null, null, "bad reply");
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

    /// <summary>
    /// Runs <paramref name="send"/> while <c>nft monitor trace</c> watches the node, and returns, per trace id, the
    /// kube-proxy chains the kernel reported in order.
    /// </summary>
    public static async Task<List<List<string>>> MonitorTraceAsync(KubeProxyLab lab, Func<Task> send, CancellationToken ct)
    {
        await lab.LoadAsync("table ip nftk-trace {\n\tchain pre {\n\t\ttype filter hook prerouting priority -350; policy accept;\n\t\tmeta nftrace set 1\n\t}\n}\n", ct, "nft", "-f", "-");
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", lab.NodeNs, "nft", "monitor", "trace" })
        {
            psi.ArgumentList.Add(a);
        }

        using var monitor = Process.Start(psi) ?? throw new InvalidOperationException("cannot start nft monitor trace");
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await monitor.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }, ct);
        try
        {
            await Task.Delay(300, ct);
            await send();
            await Task.Delay(500, ct);
        }
        finally
        {
            monitor.Kill(entireProcessTree: true);
            await monitor.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            await reader.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        lock (lines)
        {
            return lines.Select(l => TraceLine().Match(l)).Where(m => m.Success)
                .GroupBy(m => m.Groups["id"].Value)
                .Select(g => g.Select(m => m.Groups["chain"].Value).Aggregate(new List<string>(), (list, c) =>
                {
                    if (list.Count == 0 || list[^1] != c)
                    {
                        list.Add(c);
                    }

                    return list;
                }))
                .ToList();
        }
    }

    [GeneratedRegex(@"^trace id (?<id>[0-9a-f]+) ip kube-proxy (?<chain>\S+) ")]
    private static partial Regex TraceLine();
}
