using System.Net;
using System.Net.Sockets;

namespace Companion.Interactive.Tests;

/// <summary>The shipped recording, a test kubeconfig with canary secrets pointing at a closed loopback port, and helpers.</summary>
internal static class ClusterMagicFixture
{
    public const string CanaryToken = "canary-token-5f1d0c7e9a";
    public const string CanaryPassword = "canary-password-2b8e";

    public static string Recording => Path.Combine(RepoPaths.Root, "notebooks", "recordings", "demo-iptables");

    public static string ConnectRecording => $"#!k8s connect --recording {Recording}";

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Writes a kubeconfig whose user carries canary credentials and whose server is a closed port.</summary>
    public static string WriteKubeconfig(int port)
    {
        var path = Path.Combine(Path.GetTempPath(), $"companion-glue-kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: canary
            clusters:
            - name: canary
              cluster:
                server: https://127.0.0.1:{port}
                insecure-skip-tls-verify: true
            contexts:
            - name: canary
              context:
                cluster: canary
                user: canary
                namespace: demo
            - name: other-context
              context:
                cluster: canary
                user: canary
            users:
            - name: canary
              user:
                token: {CanaryToken}
                password: {CanaryPassword}
            """);
        return path;
    }
}
