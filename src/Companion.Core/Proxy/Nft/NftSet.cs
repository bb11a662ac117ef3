namespace Companion.Core.Proxy;

/// <summary>
/// A named set or map. KeyType is the text before ':' in "type ...", DataType the text after it for maps
/// ("verdict" for verdict maps).
/// </summary>
public sealed record NftSet(
    string Name,
    bool IsMap,
    string KeyType,
    string? DataType,
    IReadOnlyList<NftSetElement> Elements,
    IReadOnlyList<string> Flags,
    int LineNumber,
    string? Comment = null,
    string? Timeout = null)
{
    private Dictionary<string, NftSetElement>? _exact;
    private bool? _plain;

    /// <summary>Elements by their exact key text, for O(1) lookups of non-interval keys.</summary>
    internal IReadOnlyDictionary<string, NftSetElement> ExactIndex => _exact ??= BuildIndex();

    /// <summary>True when every key part is a plain address, protocol name or port, so the exact index is complete.</summary>
    internal bool IsPlain => _plain ??= Elements.All(e => e.Key.All(IsPlainPart));

    private static bool IsPlainPart(string part) =>
        !part.Contains('/', StringComparison.Ordinal) && !part.Contains('-', StringComparison.Ordinal)
        && part is not ("6" or "17" or "132") && !part.StartsWith('"');

    private Dictionary<string, NftSetElement> BuildIndex()
    {
        var index = new Dictionary<string, NftSetElement>(StringComparer.Ordinal);
        foreach (var element in Elements)
        {
            index.TryAdd(string.Join(" . ", element.Key), element);
        }

        return index;
    }
}
