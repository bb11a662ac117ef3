namespace Companion.Core.Proxy;

/// <summary>One table ("nat", "filter", "mangle", "raw") of an iptables-save dump.</summary>
public sealed record IptablesTable(string Name, IReadOnlyDictionary<string, IptablesChain> Chains)
{
    public IptablesChain? Chain(string name) => Chains.GetValueOrDefault(name);
}
