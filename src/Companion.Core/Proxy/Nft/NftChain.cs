namespace Companion.Core.Proxy;

/// <summary>
/// One chain. Base chains carry their type ("filter", "nat"), hook ("prerouting", ...) and numeric priority
/// (symbolic priorities such as "dstnat - 10" are resolved: dstnat = -100, srcnat = 100, filter = 0).
/// </summary>
public sealed record NftChain(
    string Name,
    IReadOnlyList<NftRule> Rules,
    int LineNumber,
    string? Type = null,
    string? Hook = null,
    int? Priority = null,
    string? Policy = null,
    string? Comment = null)
{
    /// <summary>True for chains attached to a hook.</summary>
    public bool IsBaseChain => Hook is not null;
}
