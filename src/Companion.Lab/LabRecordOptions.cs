namespace Companion.Lab;

/// <summary>What `companion record --lab` measures: from which pod, to which Service, how many samples.</summary>
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
