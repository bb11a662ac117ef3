using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>The built-in model and the controller the CLI uses (with the kube-proxy rule generators).</summary>
internal static class LabDefaults
{
    public static string ModelJson() => LabDefaultModel.Json();

    public static LabController Controller() => new(proxyRules: LabProxyRules.Instance);
}
