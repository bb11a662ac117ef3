using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>
/// One getaddrinfo(NAME) as the pod's application makes it (<c>getent ahosts</c>, glibc, the pod's resolv.conf mounted by
/// <c>ip netns exec</c>): the traffic a capture watches. Bounded in time: two 5 s resolver timeouts fit.
/// </summary>
public static class LabLookup
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<LabProcessResult> GetaddrinfoAsync(LabPod pod, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.StartsWith('-') || name.Any(char.IsWhiteSpace))
        {
            throw new LabException($"'{name}' is not a name to look up");
        }

        return LabProcess.RunAsync(LabTools.Require("ip"), ["netns", "exec", pod.Netns, "getent", "ahosts", name], timeout: Limit, cancellationToken: cancellationToken);
    }
}
