using Companion.Interactive.Tests.Support;

namespace Companion.Interactive.Tests;

/// <summary>The shipped recording, a test kubeconfig with canary secrets pointing at a closed loopback port, and helpers.</summary>
internal static class ClusterMagicFixture
{
    public const string CanaryToken = "canary-token-5f1d0c7e9a";
    public const string CanaryPassword = "canary-password-2b8e";

    public static string Recording => Path.Combine(RepoPaths.Root, "notebooks", "recordings", "demo-iptables");

    public static string ConnectRecording => $"#!k8s connect --recording {Recording}";

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort() => CanaryKubeconfig.ClosedPort();

    /// <summary>Writes a kubeconfig whose user carries canary credentials and whose server is a closed port.</summary>
    public static string WriteKubeconfig(int port) =>
        CanaryKubeconfig.Write(Path.Combine(Path.GetTempPath(), $"companion-glue-kubeconfig-{Guid.NewGuid():N}.yaml"), "canary", port,
            CanaryToken, CanaryPassword, otherContext: "other-context");
}
