namespace Companion.Core.Proxy;

/// <summary>
/// One rule of an iptables-save dump: where it is (table, chain, 1-based line), its text, its decoded matches and
/// target, and its counters when the dump was taken with -c.
/// </summary>
public sealed record IptablesRule(
    string Table,
    string Chain,
    int LineNumber,
    string Text,
    IReadOnlyList<IptablesMatch> Matches,
    IptablesTarget Target,
    long? Packets = null,
    long? Bytes = null)
{
    /// <summary>The -m comment text, if any.</summary>
    public string? Comment => Matches.FirstOrDefault(m => m.Kind == IptablesMatchKind.Comment)?.Value;
}
