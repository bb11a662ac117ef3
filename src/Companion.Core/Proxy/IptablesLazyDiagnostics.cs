using System.Collections;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>The parse diagnostics: structural ones at once, rule-level ones when first read (which decodes every rule).</summary>
internal sealed class IptablesLazyDiagnostics(List<Diagnostic> structural, List<IptablesLazyChains> tables) : IReadOnlyList<Diagnostic>
{
    private readonly Lazy<List<Diagnostic>> _all = new(() =>
        [.. structural.Concat(tables.SelectMany(t => t.AllRuleLists()).SelectMany(l => l.AllProblems())).OrderBy(d => d.Line ?? 0)]);

    public int Count => _all.Value.Count;

    /// <summary>
    /// The structural problems and those of the rules decoded so far (by a trace, say), without decoding the rest:
    /// what a trace of a 100k-rule dump reports without reading every rule.
    /// </summary>
    public IReadOnlyList<Diagnostic> Reached() =>
        [.. structural.Concat(tables.SelectMany(t => t.BuiltRuleLists()).SelectMany(l => l.DecodedProblems())).OrderBy(d => d.Line ?? 0)];

    public Diagnostic this[int index] => _all.Value[index];

    public IEnumerator<Diagnostic> GetEnumerator() => _all.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
