namespace Companion.Core.Dns;

/// <summary>What-if variants of one lookup, run side by side; each variant carries its label in <see cref="DnsProbeRequest.Label"/>.</summary>
public sealed record DnsComparison(string Name, IReadOnlyList<DnsProbeRun> Variants);
