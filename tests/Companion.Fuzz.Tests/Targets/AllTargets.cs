using Companion.Fuzz.Tests.Infra;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>Every fuzz target by name (parsers, tracers, recordings), built once.</summary>
internal static class AllTargets
{
    private static readonly Lazy<IReadOnlyDictionary<string, FuzzTarget>> Targets = new(() =>
        ParserTargets.All().Concat(RecordingTarget.All()).Append(PcapTarget.Create()).Append(CliTarget.Create()).Append(MagicTarget.Create()).ToDictionary(t => t.Name, StringComparer.Ordinal));

    public static IReadOnlyCollection<string> Names =>
        ["iptables-save", "nft", "ipvs", "rule-dump", "resolv-conf", "lab-model", "kernel-trace", RecordingTarget.Name, PcapTarget.Name, CliTarget.Name, MagicTarget.Name];

    public static FuzzTarget Get(string name) => Targets.Value[name];
}
