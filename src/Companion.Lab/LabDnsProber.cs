using Companion.Core.Dns;
using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>
/// <c>#!lab probe dns</c> in-process (the twin of <c>companion lab probe dns</c>, which runs <c>companion dns probe</c> under
/// <c>ip netns exec</c>): the pod's own resolv.conf (/etc/netns/&lt;pod netns&gt;/resolv.conf, as <c>ip netns exec</c> mounts
/// it), the libc's query plan, and every wire query sent from a socket inside the pod's network namespace.
/// </summary>
public static class LabDnsProber
{
    public const int MaxCount = 10_000;

    public static async Task<DnsProbeRun> ProbeAsync(LabTopology topology, LabPod pod, string name, int count, ResolverLibc libc,
        IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (count is < 1 or > MaxCount)
        {
            throw new LabException($"--count must be between 1 and {MaxCount}");
        }

        var path = Path.Combine("/etc/netns", pod.Netns, "resolv.conf");
        if (!File.Exists(path))
        {
            throw new LabException($"{pod.Key} has no resolv.conf ({path}); is lab {topology.LabName} up?");
        }

        var parsed = ResolvConfParser.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
        if (parsed.Value.Nameservers.Count == 0)
        {
            throw new LabException($"{path} names no nameserver");
        }

        var prober = new DnsProber(new LabDnsTransport(pod.Netns), source: $"lab: {topology.LabName}, from {pod.Key}; resolv.conf {path}");
        return await prober.ProbeAsync(new DnsProbeRequest(name, parsed.Value, libc, count, Label: name), progress, cancellationToken).ConfigureAwait(false);
    }
}
