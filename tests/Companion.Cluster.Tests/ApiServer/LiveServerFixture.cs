using System.Net;
using System.Net.Sockets;

namespace Companion.Cluster.Tests.ApiServer;

/// <summary>
/// One fake API server for a test class, a kubeconfig for it (with failure contexts: a closed port, a listener that
/// accepts and never answers, a wrong CA), and the shipped recording it serves.
/// </summary>
public sealed class LiveServerFixture : IAsyncLifetime
{
    private readonly TestCertificate _certificate = new();
    private readonly TestCertificate _otherCertificate = new("some-other-ca");
    private TcpListener? _silent;
    private readonly List<Socket> _silentClients = [];
    private CancellationTokenSource? _silentStop;

    public static string RecordingDirectory => Path.Combine(AppContext.BaseDirectory, "recordings", "demo-iptables");

    public FakeApiServer Server { get; private set; } = null!;

    public TestKubeconfig Kubeconfig { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await FakeApiServer.StartAsync(_certificate, RecordingDirectory, TestKubeconfig.CanaryToken);
        _silent = new TcpListener(IPAddress.Loopback, 0);
        _silent.Start();
        _silentStop = new CancellationTokenSource();
        _ = AcceptSilentlyAsync(_silent, _silentStop.Token);
        var extra = new Dictionary<string, Uri>
        {
            ["closed"] = new($"https://127.0.0.1:{ClosedPort()}"),
            ["silent"] = new($"https://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}"),
        };
        Kubeconfig = new TestKubeconfig(Server.BaseUri, _certificate.CaData, extra, _otherCertificate.CaData);
    }

    /// <summary>A port that was free a moment ago and has no listener now (connections are refused).</summary>
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptSilentlyAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                lock (_silentClients)
                {
                    _silentClients.Add(socket);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _silentStop?.Cancel();
        _silent?.Stop();
        lock (_silentClients)
        {
            _silentClients.ForEach(s => s.Dispose());
        }

        _silentStop?.Dispose();
        Kubeconfig.Dispose();
        _certificate.Dispose();
        _otherCertificate.Dispose();
    }
}
