using Companion.Core.Model;

namespace Companion.Core.Kube;

/// <summary>
/// Detects how Services are implemented, from what the API shows: the kube-proxy ConfigMap's KubeProxyConfiguration
/// (<c>mode:</c>), the kube-proxy DaemonSet's container args (<c>--proxy-mode=</c>), or a data plane that replaced
/// kube-proxy (Cilium, kube-router, Calico eBPF, Antrea proxy). Pure: text in, <see cref="ProxyModeInfo"/> out.
/// </summary>
public static class ProxyModeDetector
{
    private static readonly string[] Replacers = ["cilium", "kube-router", "calico-node", "antrea-agent"];

    /// <param name="configMapName">The ConfigMap's "namespace/name", for the evidence line.</param>
    /// <param name="configText">The KubeProxyConfiguration text (usually data["config.conf"]), or null.</param>
    /// <param name="daemonSetArgs">kube-proxy container command and args, or null when there is no kube-proxy DaemonSet.</param>
    /// <param name="daemonSetNames">Names of the DaemonSets in kube-system, to spot a replacing data plane.</param>
    public static ProxyModeInfo Detect(
        string? configMapName,
        string? configText,
        IReadOnlyList<string>? daemonSetArgs,
        IReadOnlyList<string> daemonSetNames)
    {
        ArgumentNullException.ThrowIfNull(daemonSetNames);
        var fromArgs = daemonSetArgs is null ? null : ModeFromArgs(daemonSetArgs);
        if (fromArgs is { } argMode)
        {
            return new ProxyModeInfo(Parse(argMode), $"DaemonSet kube-system/kube-proxy: --proxy-mode={argMode}");
        }

        var fromConfig = configText is null ? null : ModeFromConfig(configText);
        var hasKubeProxy = daemonSetArgs is not null || configText is not null;
        var replacer = daemonSetNames.FirstOrDefault(n => Replacers.Any(r => n.StartsWith(r, StringComparison.OrdinalIgnoreCase)));
        var kubeProxyDaemonSet = daemonSetArgs is not null;

        if (!kubeProxyDaemonSet && replacer is not null)
        {
            return new ProxyModeInfo(ProxyMode.Replaced, $"no kube-proxy DaemonSet; DaemonSet kube-system/{replacer} present", replacer);
        }

        if (fromConfig is not null)
        {
            var name = configMapName ?? "kube-system/kube-proxy";
            return fromConfig.Length == 0
                ? new ProxyModeInfo(ProxyMode.Iptables, $"ConfigMap {name}: mode: \"\" (empty means iptables on Linux)")
                : new ProxyModeInfo(Parse(fromConfig), $"ConfigMap {name}: mode: {fromConfig}");
        }

        if (kubeProxyDaemonSet)
        {
            return new ProxyModeInfo(ProxyMode.Iptables, "DaemonSet kube-system/kube-proxy without --proxy-mode (iptables is the Linux default)");
        }

        return hasKubeProxy
            ? new ProxyModeInfo(ProxyMode.Unknown, "kube-proxy found but its mode could not be read")
            : new ProxyModeInfo(ProxyMode.Unknown, "no kube-proxy ConfigMap or DaemonSet found in kube-system");
    }

    /// <summary>The value of a top-level <c>mode:</c> key in KubeProxyConfiguration YAML or JSON; "" when empty; null when absent.</summary>
    public static string? ModeFromConfig(string configText)
    {
        ArgumentNullException.ThrowIfNull(configText);
        foreach (var raw in configText.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            var indented = trimmed.Length != line.Length;
            var json = trimmed.StartsWith("\"mode\"", StringComparison.Ordinal);
            if ((indented && !json) || !(trimmed.StartsWith("mode:", StringComparison.Ordinal) || json))
            {
                continue;
            }

            var value = trimmed[(trimmed.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var hash = value.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                value = value[..hash];
            }

            return value.Trim().TrimEnd(',').Trim().Trim('"', '\'').Trim();
        }

        return null;
    }

    /// <summary>The value of <c>--proxy-mode=X</c> or <c>--proxy-mode X</c>, or null.</summary>
    public static string? ModeFromArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--proxy-mode=", StringComparison.Ordinal))
            {
                return arg["--proxy-mode=".Length..];
            }

            if (arg == "--proxy-mode" && i + 1 < args.Count)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    private static ProxyMode Parse(string mode) => mode.Trim().ToLowerInvariant() switch
    {
        "" or "iptables" => ProxyMode.Iptables,
        "nftables" => ProxyMode.Nftables,
        "ipvs" => ProxyMode.Ipvs,
        _ => ProxyMode.Unknown,
    };
}
