namespace Companion.Core.Proxy;

/// <summary>
/// One element: its key parts ("10.96.0.10", "tcp", "80"), the mapped value for maps ("goto service-…", "drop"),
/// its comment and the 1-based line it was printed on.
/// </summary>
public sealed record NftSetElement(IReadOnlyList<string> Key, string? Value, string? Comment, int LineNumber);
