using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Companion.Core.Proxy;

/// <summary>
/// A table's chains, built when first asked for: a 10,000-Service dump has 40,000 chains and a trace enters a handful.
/// </summary>
internal sealed class IptablesLazyChains(
    DumpText text,
    string? source,
    string table,
    Dictionary<string, int> index,
    IptablesChainBuilder[] chains,
    IptablesRuleSlot[] slots,
    int[] offsets,
    IptablesChain?[] cache) : IReadOnlyDictionary<string, IptablesChain>
{
    public int Count => index.Count;

    public IEnumerable<string> Keys => index.Keys;

    public IEnumerable<IptablesChain> Values => index.Values.Select(Get);

    public IptablesChain this[string key] => TryGetValue(key, out var chain) ? chain : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IptablesChain value)
    {
        if (index.TryGetValue(key, out var id))
        {
            value = Get(id);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, IptablesChain>> GetEnumerator() =>
        index.Select(kv => new KeyValuePair<string, IptablesChain>(kv.Key, Get(kv.Value))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The lazily decoded rule lists of every chain (for the complete diagnostics list).</summary>
    public IEnumerable<IptablesLazyRules> AllRuleLists() => index.Values.Select(id => (IptablesLazyRules)Get(id).Rules);

    /// <summary>The rule lists of the chains built so far (decodes nothing).</summary>
    public IEnumerable<IptablesLazyRules> BuiltRuleLists() => index.Values.Where(id => cache[id] is not null).Select(id => (IptablesLazyRules)cache[id]!.Rules);

    private IptablesChain Get(int id)
    {
        if (cache[id] is { } built)
        {
            return built;
        }

        var info = chains[id];
        var segment = new ArraySegment<IptablesRuleSlot>(slots, offsets[id], info.Count);
        var chain = new IptablesChain(info.Name, info.Policy, new IptablesLazyRules(text, source, table, info.Name, segment, index));
        cache[id] = chain;
        return chain;
    }
}
