namespace Companion.Core.Model;

/// <summary>
/// Raw text captured on a node. Any of the parts may be missing. The text is exactly what the tool printed.
/// </summary>
public sealed record NodeDump(
    string NodeName,
    string? IptablesSave = null,
    string? NftRuleset = null,
    string? IpvsadmList = null,
    string? IpsetList = null,
    string? ResolvConf = null,
    IReadOnlyList<string>? LocalAddresses = null);
