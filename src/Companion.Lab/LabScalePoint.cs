namespace Companion.Lab;

/// <summary>One point of the scale experiment: how many Services, the proxy mode, where the target's rule sits, the connect latencies.</summary>
/// <param name="Services">Services in the loaded rules besides the lab's own (the N extra plus "first" and "last").</param>
/// <param name="Mode">"iptables" or "nftables".</param>
/// <param name="Position">"first" or "last": where the target Service's rule sorts.</param>
/// <param name="Summary">Count, p50, p99 and max of the successful connects (ms).</param>
/// <param name="Failed">Connects that failed (not in the summary's percentiles nor in the samples).</param>
/// <param name="SamplesUs">Every successful connect's time in µs (0.1 µs resolution), in the order measured.</param>
public sealed record LabScalePoint(int Services, string Mode, string Position, LabTcpSummary Summary, int Failed, IReadOnlyList<double> SamplesUs);
