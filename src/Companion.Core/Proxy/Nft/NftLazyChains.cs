using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>One chain header found by the byte listing reader: its name in the dump, its line and its rules' slots.</summary>
internal struct NftChainSlot
{
    public int NameStart;
    public int NameLength;
    public int Line;
    public int FirstRule;
    public int RuleCount;
    public int Hash;
}

/// <summary>
/// A table's chains, each made when first asked for: a 10,000-Service table has 40,000 chains and a trace enters a
/// handful. Names are looked up in an open-addressing index over their UTF-8 bytes in the dump (no string per chain).
/// </summary>
internal sealed class NftLazyChains(
    byte[] dump,
    NftChainSlot[] chains,
    int first,
    int count,
    (int[] Table, int Base, int Size) index,
    NftTextSlot[] rules,
    Dictionary<int, NftRulesetBuilder.ChainState> statements) : IReadOnlyDictionary<string, NftChain>
{
    private readonly Dictionary<int, NftChain> _made = []; // a trace makes a handful of 40,000

    public int Count => count;

    public IEnumerable<string> Keys => Enumerable.Range(0, count).Select(Name);

    public IEnumerable<NftChain> Values => Enumerable.Range(0, count).Select(id => Get(id, null));

    public NftChain this[string key] => TryGetValue(key, out var chain) ? chain : throw new KeyNotFoundException(key);

    /// <summary>
    /// Builds the name index of <paramref name="count"/> chains from <paramref name="first"/>: <c>Table[Base + h]</c> is
    /// 0 or id + 1, h under <c>Size</c>. Null when two chains have the same name (the caller then reads the text another way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int[] Table, int Base, int Size)? BuildIndex(ReadOnlySpan<byte> dump, NftChainSlot[] chains, int first, int count)
    {
        var size = 16;
        while (size < count + (count / 2)) // load at most 2/3: half the index (fresh memory) of a 1/2 bound
        {
            size *= 2;
        }

        var table = LargeBuffers.AllocateFromBoundary<int>(size, out var at0);
        var index = table.AsSpan(at0, size);
        index.Clear();
        for (var id = 0; id < count; id++)
        {
            ref readonly var chain = ref chains[first + id];
            var name = dump.Slice(chain.NameStart, chain.NameLength);
            for (var at = chain.Hash & (size - 1); ; at = (at + 1) & (size - 1))
            {
                if (index[at] == 0)
                {
                    index[at] = id + 1;
                    break;
                }

                ref readonly var other = ref chains[first + index[at] - 1];
                if (other.Hash == chain.Hash && dump.Slice(other.NameStart, other.NameLength).SequenceEqual(name))
                {
                    return null;
                }
            }
        }

        return (table, at0, size);
    }

    public bool ContainsKey(string key) => Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NftChain value)
    {
        var id = Find(key);
        value = id < 0 ? null : Get(id, key);
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, NftChain>> GetEnumerator()
    {
        for (var id = 0; id < count; id++)
        {
            var chain = Get(id, null);
            yield return new KeyValuePair<string, NftChain>(chain.Name, chain);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The base chains (those with a hook), in the order of the text, without making the others.</summary>
    public List<NftChain> BaseChains() =>
        [.. statements.Where(s => s.Value.Hook is not null).Select(s => s.Key).Order().Select(id => Get(id, null))];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> bytes = max <= 512 ? stackalloc byte[512] : new byte[max];
        bytes = bytes[..Encoding.UTF8.GetBytes(key, bytes)];
        var hash = NftUtf8.Hash(bytes);
        var table = index.Table.AsSpan(index.Base, index.Size);
        var mask = index.Size - 1;
        for (var at = hash & mask; table[at] != 0; at = (at + 1) & mask)
        {
            var id = table[at] - 1;
            ref readonly var chain = ref chains[first + id];
            if (chain.Hash == hash && dump.AsSpan(chain.NameStart, chain.NameLength).SequenceEqual(bytes))
            {
                return id;
            }
        }

        return -1;
    }

    private string Name(int id)
    {
        lock (_made)
        {
            if (_made.TryGetValue(id, out var made))
            {
                return made.Name;
            }
        }

        return Encoding.UTF8.GetString(dump, chains[first + id].NameStart, chains[first + id].NameLength);
    }

    private NftChain Get(int id, string? name)
    {
        lock (_made)
        {
            if (_made.TryGetValue(id, out var made))
            {
                return made;
            }
        }

        ref readonly var slot = ref chains[first + id];
        name ??= Name(id);
        var rulesOf = new NftLazyRules(dump, name, rules, slot.FirstRule, slot.RuleCount);
        var chain = statements.TryGetValue(id, out var s)
            ? new NftChain(name, rulesOf, slot.Line, s.Type, s.Hook, s.Priority, s.Policy, s.Comment)
            : new NftChain(name, rulesOf, slot.Line);
        lock (_made)
        {
            return _made.TryAdd(id, chain) ? chain : _made[id]; // two threads that race made the same chain: keep one
        }
    }
}
