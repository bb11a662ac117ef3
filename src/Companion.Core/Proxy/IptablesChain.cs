namespace Companion.Core.Proxy;

/// <summary>A chain: built-in chains have a policy ("ACCEPT", "DROP"), user chains have none.</summary>
public sealed record IptablesChain(string Name, string? Policy, IReadOnlyList<IptablesRule> Rules)
{
    public bool IsBuiltIn => Policy is not null;
}
