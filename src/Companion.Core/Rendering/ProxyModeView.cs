using Companion.Core.Model;

namespace Companion.Core.Rendering;

/// <summary>The detected kube-proxy mode and the evidence for it.</summary>
public static class ProxyModeView
{
    public static string ToHtml(ProxyModeInfo info, SourceInfo source)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(source);
        return $"<div class=\"companion-proxy-mode\"><div class=\"companion-source\" style=\"color:gray;font-size:smaller\">{Html.Encode(source.Describe())}</div>"
            + $"<p>kube-proxy mode: <strong>{Html.Encode(Name(info))}</strong></p><p>evidence: <code>{Html.Encode(info.Evidence)}</code></p></div>";
    }

    public static string ToText(ProxyModeInfo info, SourceInfo source)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(source);
        return $"kube-proxy mode: {Name(info)} — {source.Describe()}\nevidence: {info.Evidence}\n";
    }

    private static string Name(ProxyModeInfo info) => info.Mode switch
    {
        ProxyMode.Replaced => $"replaced by {info.ReplacedBy ?? "another data plane"}",
        _ => info.Mode.ToString().ToLowerInvariant(),
    };
}
