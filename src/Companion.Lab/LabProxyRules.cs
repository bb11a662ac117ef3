using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// kube-proxy rules for a lab node from the project's generators (Companion.Core.Proxy). Until a generator exists
/// for a mode, it returns null and the lab comes up without Service DNAT.
/// </summary>
public sealed class LabProxyRules : ILabProxyRules
{
    public static LabProxyRules Instance { get; } = new();

    public string? Generate(ClusterSnapshot snapshot, LabNode node, ProxyMode mode)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(node);
        return null;
    }
}
