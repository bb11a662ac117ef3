namespace Companion.Lab;

/// <summary>What `companion record --lab` measures: from which pod, to which Service, how many samples.</summary>
/// <param name="FromPod">The client pod (a pod key, or the first pod of a Deployment of that name).</param>
/// <param name="Service">The Service the probes, connects, trace and counters aim at.</param>
/// <param name="DnsCount">DNS probe queries per name form.</param>
/// <param name="TcpCount">Connects of the plain TCP probe to the Service.</param>
/// <param name="StallCount">getaddrinfo lookups per resolv.conf variant under the dns-second-packet fault.</param>
/// <param name="ModeRounds">iptables vs nftables: rounds of connects to the Service, each lab in turn (0: not recorded).</param>
/// <param name="ModeCountPerRound">iptables vs nftables: connects per lab per round.</param>
/// <param name="CounterConnects">Rule counters: connects to the Service between the two counter dumps (0: not recorded).</param>
/// <param name="ScaleServices">Scale experiment: the extra Service counts, each measured in both modes (null: 0, 1,000 and 10,000; empty: not recorded).</param>
/// <param name="ScaleSamples">Scale experiment: connects per rule position per point.</param>
public sealed record LabRecordOptions(
    string FromPod = "frontend",
    string Service = "backend",
    int DnsCount = 20,
    int TcpCount = 300,
    int StallCount = 3,
    int ModeRounds = 5,
    int ModeCountPerRound = 20,
    int CounterConnects = 20,
    IReadOnlyList<int>? ScaleServices = null,
    int ScaleSamples = 500)
{
    /// <summary>The scale experiment's Service counts: <see cref="ScaleServices"/>, or 0, 1,000 and 10,000.</summary>
    public IReadOnlyList<int> ScaleSizes => ScaleServices ?? [0, 1_000, 10_000];

    /// <summary>Whether a second lab in the other kube-proxy mode is needed (the mode comparison or the scale experiment).</summary>
    public bool NeedsOtherMode => ModeRounds > 0 || ScaleSizes.Count > 0;
}
