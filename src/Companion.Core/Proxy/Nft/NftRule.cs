namespace Companion.Core.Proxy;

/// <summary>One rule: its chain, its 1-based line in the text it came from, the rule text and its comment.</summary>
public sealed record NftRule(string Chain, int LineNumber, string Text, string? Comment = null)
{
    private (NftCompiledRule? Rule, string? Error)? _compiled;

    /// <summary>The rule compiled for evaluation, on first use (null when it uses something the tracer cannot evaluate).</summary>
    internal NftCompiledRule? Compiled => Compile().Rule;

    /// <summary>Why the rule cannot be evaluated, or null.</summary>
    internal string? CompileError => Compile().Error;

    private (NftCompiledRule? Rule, string? Error) Compile()
    {
        if (_compiled is { } done)
        {
            return done;
        }

        var (rule, _, error) = NftRuleCompiler.Compile(NftTokenizer.Tokenize(Text));
        _compiled = (rule, error);
        return _compiled.Value;
    }

    /// <summary>The text of a trailing <c>comment "…"</c>, without tokenizing the rule.</summary>
    internal static string? TrailingComment(string text)
    {
        if (!text.EndsWith('"'))
        {
            return null;
        }

        var start = text.LastIndexOf(" comment \"", StringComparison.Ordinal);
        return start < 0 ? null : text[(start + 10)..^1];
    }
}
