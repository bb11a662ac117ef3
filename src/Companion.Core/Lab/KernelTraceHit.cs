namespace Companion.Core.Lab;

/// <summary>
/// One line of a kernel trace (xtables-monitor --trace or nft monitor trace): the trace id of the packet, table, chain,
/// what matched ("rule", "policy", "return") with the rule text, and the verdict.
/// </summary>
public sealed record KernelTraceHit(string PacketId, string Table, string Chain, string Kind, string? Rule, string Verdict);
