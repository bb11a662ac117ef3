using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Companion.Core.Lab;
using Companion.Core.Statistics;

namespace Companion.Lab;

/// <summary>
/// TCP connects from inside a pod's netns (sockets made there with setns, no child process): times the connect,
/// then sends an HTTP request and reads which pod answered. Bounded in count and time.
/// </summary>
public static class LabTcpProbe
{
    public const int MaxCount = 10_000;

    public static async Task<LabTcpProbeRun> ProbeAsync(LabTopology topology, LabPod from, string host, int port, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(from);
        if (count is < 1 or > MaxCount)
        {
            throw new LabException($"--count must be between 1 and {MaxCount}");
        }

        var address = Resolve(topology, from, host) ?? throw new LabException($"{host} is neither an IPv4 address nor a Service or pod of the lab");
        var samples = new List<LabTcpSample>(count);
        for (var i = 0; i < count; i++)
        {
            samples.Add(await OnceAsync(from.Netns, new IPEndPoint(address, port), timeout, cancellationToken).ConfigureAwait(false));
        }

        var ok = samples.Where(s => s.Ok).Select(s => s.Ms).Order().ToList();
        var summary = new LabTcpSummary(count, ok.Count == 0 ? 0 : Latency.Percentile(ok, 50), ok.Count == 0 ? 0 : Latency.Percentile(ok, 99), ok.Count == 0 ? 0 : ok[^1]);
        return new LabTcpProbeRun(samples, summary);
    }

    /// <summary>An IP literal, or a Service name as a pod would write it (name, name.ns, name.ns.svc[.domain]), or a pod name.</summary>
    public static IPAddress? Resolve(LabTopology topology, LabPod from, string host)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(from);
        if (IPAddress.TryParse(host, out var literal) && literal.AddressFamily == AddressFamily.InterNetwork)
        {
            return literal;
        }

        var name = host.TrimEnd('.');
        var domain = "." + topology.ClusterDomain;
        if (name.EndsWith(domain, StringComparison.Ordinal))
        {
            name = name[..^domain.Length];
        }

        name = name.EndsWith(".svc", StringComparison.Ordinal) ? name[..^4] : name;
        var parts = name.Split('.');
        var (svcName, ns) = parts.Length switch { 1 => (parts[0], from.Namespace), 2 => (parts[0], parts[1]), _ => ("", "") };
        var service = topology.Services.FirstOrDefault(s => s.Name == svcName && s.Namespace == ns && !s.IsHeadless);
        var target = service?.ClusterIp ?? topology.Pods.FirstOrDefault(p => p.Name == svcName && p.Namespace == ns)?.Ip;
        return target is null ? null : IPAddress.Parse(target);
    }

    private static async Task<LabTcpSample> OnceAsync(string netns, IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = await NetnsSocket.CreateAsync(netns, SocketType.Stream, ProtocolType.Tcp, cancellationToken).ConfigureAwait(false);
        socket.NoDelay = true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await socket.ConnectAsync(target, cts.Token).ConfigureAwait(false);
            var ms = watch.Elapsed.TotalMilliseconds;
            var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {target}\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var response = new StringBuilder();
            var buffer = new byte[1024];
            int read;
            while (response.Length < 8192 && (read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false)) > 0)
            {
                response.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var answer = LabPodServer.ParseAnswer(response.ToString());
            return new LabTcpSample(Math.Round(ms, 3), answer?.Endpoint, true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LabTcpSample(Math.Round(watch.Elapsed.TotalMilliseconds, 3), null, false, $"timed out after {timeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
        }
        catch (SocketException e)
        {
            return new LabTcpSample(Math.Round(watch.Elapsed.TotalMilliseconds, 3), null, false, e.SocketErrorCode.ToString());
        }
    }
}
