using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Companion.Interactive.Tests.Support;

/// <summary>
/// A kubeconfig whose user carries canary secrets and whose API server is a loopback port nothing listens on: a command
/// pointed at it reaches no network and no cluster, and no canary may show in anything it prints. Shared by the magic
/// tests and the CLI fuzz (linked into Companion.Fuzz.Tests).
/// </summary>
internal static class CanaryKubeconfig
{
    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Writes the kubeconfig to <paramref name="path"/>: a cluster, user and current context all named <paramref name="name"/>
    /// (namespace demo) on https://127.0.0.1:<paramref name="port"/>; the user's token, and password when given; and
    /// <paramref name="otherContext"/>, when given, on the same cluster and user with no namespace.
    /// </summary>
    public static string Write(string path, string name, int port, string token, string? password = null, string? otherContext = null)
    {
        var text = new StringBuilder($"""
            apiVersion: v1
            kind: Config
            current-context: {name}
            clusters:
            - name: {name}
              cluster:
                server: https://127.0.0.1:{port}
                insecure-skip-tls-verify: true
            contexts:
            - name: {name}
              context:
                cluster: {name}
                user: {name}
                namespace: demo

            """);
        if (otherContext is not null)
        {
            text.Append($"""
                - name: {otherContext}
                  context:
                    cluster: {name}
                    user: {name}

                """);
        }

        text.Append($"""
            users:
            - name: {name}
              user:
                token: {token}

            """);
        if (password is not null)
        {
            text.Append($"    password: {password}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
