namespace Companion.Core.Proxy;

/// <summary>One rule: its chain, its 1-based line in the text it came from, the rule text and its comment.</summary>
public sealed record NftRule(string Chain, int LineNumber, string Text, string? Comment = null)
{
    /// <summary>The rule compiled for evaluation (null when it uses something the tracer cannot evaluate).</summary>
    internal NftCompiledRule? Compiled { get; init; }
}
