namespace Companion.Cluster.Tests.ApiServer;

/// <summary>
/// A kubeconfig file for the fake server, full of canary secrets: the token the server accepts, plus a user with a
/// canary password and one with canary client key data. Contexts point at the good server and at failure cases.
/// </summary>
public sealed class TestKubeconfig : IDisposable
{
    public const string CanaryToken = "canary-token-7f3a9c1e5b2d4f60";
    public const string CanaryPassword = "canary-password-Q9x8W7v6";
    public const string CanaryKeyMarker = "canary-key-material-0c4e8a2f";
    public const string ExpiredToken = "canary-expired-token-51ad93e2";

    public static readonly string CanaryKeyData = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(
        $"-----BEGIN PRIVATE KEY-----\n{CanaryKeyMarker}\n-----END PRIVATE KEY-----\n"));

    public TestKubeconfig(Uri server, string caData, IReadOnlyDictionary<string, Uri>? extraServers = null, string? wrongCaData = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("companion-kubeconfig-");
        Path = System.IO.Path.Combine(Directory.FullName, "config");
        var clusters = new List<string> { Cluster("fake", server, caData) };
        var contexts = new List<string> { Context("fake", "fake", "canary"), Context("expired", "fake", "expired"), Context("password", "fake", "basic") };
        foreach (var (name, uri) in extraServers ?? new Dictionary<string, Uri>())
        {
            clusters.Add(Cluster(name, uri, caData));
            contexts.Add(Context(name, name, "canary"));
        }

        if (wrongCaData is not null)
        {
            clusters.Add(Cluster("wrong-ca", server, wrongCaData));
            contexts.Add(Context("wrong-ca", "wrong-ca", "canary"));
        }

        File.WriteAllText(Path, $"""
            apiVersion: v1
            kind: Config
            current-context: fake
            clusters:
            {string.Join("\n", clusters)}
            contexts:
            {string.Join("\n", contexts)}
            users:
            - name: canary
              user:
                token: {CanaryToken}
            - name: expired
              user:
                token: {ExpiredToken}
            - name: basic
              user:
                username: admin
                password: {CanaryPassword}
            - name: certificate
              user:
                client-certificate-data: {CanaryKeyData}
                client-key-data: {CanaryKeyData}
            """);
    }

    public DirectoryInfo Directory { get; }

    public string Path { get; }

    /// <summary>Every canary string that must never appear in any output.</summary>
    public static IReadOnlyList<string> Canaries => [CanaryToken, CanaryPassword, CanaryKeyMarker, CanaryKeyData, ExpiredToken];

    private static string Cluster(string name, Uri server, string caData) => $"""
        - name: {name}
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
            certificate-authority-data: {caData}
        """;

    private static string Context(string name, string cluster, string user) => $"""
        - name: {name}
          context:
            cluster: {cluster}
            user: {user}
        """;

    public void Dispose() => Directory.Delete(recursive: true);
}
