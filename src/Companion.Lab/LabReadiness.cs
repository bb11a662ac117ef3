using System.Net;
using System.Net.Sockets;
using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>Waits until every pod server accepts connections on its TCP ports, checked from inside the pod.</summary>
internal static class LabReadiness
{
    public static async Task WaitAsync(LabTopology topology, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        foreach (var pod in topology.Pods.Where(p => !p.IsClusterDns))
        {
            foreach (var port in pod.Ports.Where(p => p.Protocol == "TCP"))
            {
                while (!await CanConnectAsync(pod.Netns, pod.Ip, port.Port, cts.Token).ConfigureAwait(false))
                {
                    if (cts.IsCancellationRequested)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        throw new LabException($"the server in pod {pod.Key} does not accept connections on port {port.Port} after {timeout.TotalSeconds:0} s");
                    }

                    await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<bool> CanConnectAsync(string netns, string ip, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await NetnsSocket.CreateAsync(netns, SocketType.Stream, ProtocolType.Tcp, cancellationToken).ConfigureAwait(false);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(ip), port), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
