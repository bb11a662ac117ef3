namespace Companion.Core.Proxy;

/// <summary>A rule that matched: its table, chain, 1-based line in the dump text, its text, and what it did.</summary>
public sealed record RuleHit(string Table, string Chain, int LineNumber, string RuleText, string Action);
