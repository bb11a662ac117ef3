namespace Companion.Core.Dns;

/// <summary>
/// A resolv.conf after the libc's limits were applied: nameservers as "IP" or "IP:port" strings
/// (port only when not 53), the search list, and the options the companion understands.
/// </summary>
public sealed record ResolvConf(
    IReadOnlyList<string> Nameservers,
    IReadOnlyList<string> Search,
    int Ndots = 1,
    int TimeoutSeconds = 5,
    int Attempts = 2,
    bool Rotate = false,
    bool SingleRequest = false,
    bool SingleRequestReopen = false,
    bool UseVc = false,
    bool Edns0 = false,
    bool TrustAd = false)
{
    /// <summary>glibc's MAXNS: nameservers after the third are ignored.</summary>
    public const int MaxNameservers = 3;

    /// <summary>glibc's RES_MAXNDOTS (musl caps at the same value).</summary>
    public const int MaxNdots = 15;

    /// <summary>glibc's RES_MAXRETRANS, in seconds.</summary>
    public const int MaxTimeoutSeconds = 30;

    /// <summary>glibc's RES_MAXRETRY.</summary>
    public const int MaxAttempts = 5;

    /// <summary>The default of a missing or empty file: the local server, no search, ndots 1.</summary>
    public static ResolvConf Default { get; } = new(["127.0.0.1"], []);

    /// <summary>What kubelet writes for a ClusterFirst pod in <paramref name="podNamespace"/>.</summary>
    public static ResolvConf ClusterFirst(string clusterDns, string podNamespace, string clusterDomain = "cluster.local") =>
        new([clusterDns], [$"{podNamespace}.svc.{clusterDomain}", $"svc.{clusterDomain}", clusterDomain], Ndots: 5);

    /// <summary>The file's text form (nameserver, search, options lines).</summary>
    public string ToFileText()
    {
        var lines = new List<string>();
        lines.AddRange(Nameservers.Select(n => $"nameserver {n}"));
        if (Search.Count > 0)
        {
            lines.Add("search " + string.Join(' ', Search));
        }

        var options = new List<string> { $"ndots:{Ndots}", $"timeout:{TimeoutSeconds}", $"attempts:{Attempts}" };
        if (Rotate)
        {
            options.Add("rotate");
        }

        if (SingleRequest)
        {
            options.Add("single-request");
        }

        if (SingleRequestReopen)
        {
            options.Add("single-request-reopen");
        }

        if (UseVc)
        {
            options.Add("use-vc");
        }

        if (Edns0)
        {
            options.Add("edns0");
        }

        if (TrustAd)
        {
            options.Add("trust-ad");
        }

        lines.Add("options " + string.Join(' ', options));
        return string.Join('\n', lines) + "\n";
    }
}
