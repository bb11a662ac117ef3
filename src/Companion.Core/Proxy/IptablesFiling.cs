using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>
/// The parser's first stage: chain ids, one flat array of rule positions, then a counting sort into per-chain ranges.
/// Few objects per chain, because a 10,000-Service dump has 40,000 chains.
/// </summary>
internal sealed class IptablesFiling(DumpText text, string? source, int lengthHint)
{
    private readonly Dictionary<string, Dictionary<string, int>> _tables = new(StringComparer.Ordinal);
    private readonly List<string> _tableOrder = [];
    private IptablesChainBuilder[] _chains = new IptablesChainBuilder[Math.Max(64, lengthHint / 350)];
    private IptablesRuleSlot[] _slots = LargeBuffers.Allocate<IptablesRuleSlot>(Math.Max(64, lengthHint / 100));
    private readonly List<(int Slot, int Position)> _inserts = [];
    private int _chainCount;
    private int _slotCount;
    private Dictionary<string, int>? _current;
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _lastChain = -1;
    private bool _grouped = true;

    public List<Diagnostic> Diagnostics { get; } = [];

    public string? Source => source;

    public string? TableName { get; private set; }

    public bool InTable => _current is not null;

    public void StartTable(string name)
    {
        TableName = name;
        if (!_tables.TryGetValue(name, out _current))
        {
            _current = new Dictionary<string, int>(Math.Max(16, lengthHint / 800), StringComparer.Ordinal);
            _tables[name] = _current;
            _tableOrder.Add(name);
        }

        _lookup = _current.GetAlternateLookup<ReadOnlySpan<char>>();
        _lastChain = -1;
    }

    public void EndTable()
    {
        _current = null;
        TableName = null;
        _lastChain = -1;
    }

    public void Declare(ReadOnlySpan<char> name, ReadOnlySpan<char> policy) =>
        Declare(ChainId(name), policy switch { "" or "-" => null, "ACCEPT" => "ACCEPT", "DROP" => "DROP", _ => policy.ToString() });

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Declare(int id, string? policy)
    {
        _chains[id].Declared = true;
        _chains[id].Policy = policy;
    }

    /// <summary>Files a rule line of a <see cref="DumpTextStore"/> (the line is copied in).</summary>
    public void AddRule(ReadOnlySpan<char> chainName, ReadOnlySpan<char> line, int lineNumber, bool insert, int position)
    {
        // Dumps group rules by chain: reuse the previous line's chain instead of hashing the name again.
        var id = _lastChain >= 0 && chainName.SequenceEqual(_chains[_lastChain].Name) ? _lastChain : ChainId(chainName);
        _lastChain = id;
        AddRule(id, ((DumpTextStore)text).Add(line), line.Length, lineNumber, insert, position);
    }

    /// <summary>Files the rule at <paramref name="start"/> of the dump text under chain <paramref name="id"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AddRule(int id, int start, int length, int lineNumber, bool insert, int position)
    {
        if (_slotCount == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        if (_chains[id].Count == 0)
        {
            _chains[id].FirstLine = lineNumber;
            _chains[id].FirstSlot = _slotCount;
        }
        else if (_chains[id].FirstSlot + _chains[id].Count != _slotCount)
        {
            _grouped = false;
        }

        _chains[id].Count++;
        if (insert)
        {
            _chains[id].HasInserted = true;
            _inserts.Add((_slotCount, position));
        }

        _slots[_slotCount++] = new IptablesRuleSlot(start, length, lineNumber, id, insert);
    }

    /// <summary>The id of the current table's chain <paramref name="name"/>, made on first sight.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int ChainId(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var id))
        {
            return id;
        }

        if (_chainCount == _chains.Length)
        {
            Array.Resize(ref _chains, _chains.Length * 2);
        }

        id = _chainCount++;
        var text = name.ToString();
        _chains[id] = new IptablesChainBuilder(text, TableName!);
        _current![text] = id;
        return id;
    }

    public (Dictionary<string, IptablesTable> Tables, List<IptablesLazyChains> Lazy) Build()
    {
        var offsets = new int[_chainCount + 1];
        IptablesRuleSlot[] sorted;
        if (_grouped)
        {
            // iptables-save (and kube-proxy) print each chain's rules together: the ranges are already in place.
            sorted = _slots;
            for (var i = 0; i < _chainCount; i++)
            {
                offsets[i] = _chains[i].Count == 0 ? 0 : _chains[i].FirstSlot;
            }
        }
        else
        {
            for (var i = 0; i < _chainCount; i++)
            {
                offsets[i + 1] = offsets[i] + _chains[i].Count;
            }

            sorted = new IptablesRuleSlot[_slotCount];
            var fill = (int[])offsets.Clone();
            for (var i = 0; i < _slotCount; i++)
            {
                sorted[fill[_slots[i].Chain]++] = _slots[i];
            }
        }

        for (var id = 0; id < _chainCount; id++)
        {
            if (_chains[id].HasInserted)
            {
                ReplayInserts(id, sorted, offsets[id]);
            }

            if (!_chains[id].Declared)
            {
                Diagnostics.Add(Diagnostic.Warn($"rule for undeclared chain {_chains[id].Name} in table {_chains[id].Table}", source, _chains[id].FirstLine));
            }
        }

        var cache = new IptablesChain?[_chainCount];
        var chains = _chains;
        var tables = new Dictionary<string, IptablesTable>(StringComparer.Ordinal);
        var lazy = new List<IptablesLazyChains>();
        foreach (var name in _tableOrder)
        {
            var chainsOfTable = new IptablesLazyChains(text, source, name, _tables[name], chains, sorted, offsets, cache);
            lazy.Add(chainsOfTable);
            tables[name] = new IptablesTable(name, chainsOfTable);
        }

        return (tables, lazy);
    }

    /// <summary>Restore input may say "-I CHAIN [n]": replay the chain's lines in order, inserting where they asked.</summary>
    private void ReplayInserts(int id, IptablesRuleSlot[] sorted, int offset)
    {
        var count = _chains[id].Count;
        var positions = _inserts.ToDictionary(x => _slots[x.Slot].LineNumber, x => x.Position);
        var order = new List<IptablesRuleSlot>(count);
        for (var i = 0; i < count; i++)
        {
            var slot = sorted[offset + i];
            if (slot.Inserted && positions.TryGetValue(slot.LineNumber, out var at))
            {
                order.Insert(Math.Clamp(at - 1, 0, order.Count), slot);
            }
            else
            {
                order.Add(slot);
            }
        }

        order.CopyTo(sorted, offset);
    }
}
