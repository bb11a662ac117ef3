using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>
/// The fast path for <c>nft list ruleset</c> text in UTF-8 bytes: one pass that only files lines. A chain is a slot
/// (name bytes, line, rule range) in a name index, a rule a slot (offset, length, line) into the bytes, a set's elements
/// the slots of their lines; strings, <see cref="NftChain"/>s and <see cref="NftRule"/>s are made when first read.
/// It reads exactly what <see cref="NftRulesetBuilder.TryReadListing"/> reads from the decoded text, and gives up
/// (false) wherever that reader would give up or do something this one does not (the text reader then runs).
/// </summary>
internal sealed class NftListingReader(byte[] dump, int start, int end, NftRulesetBuilder builder)
{
    private sealed class Table(NftRulesetBuilder.TableState state, int firstChain)
    {
        public NftRulesetBuilder.TableState State { get; } = state;
        public int FirstChain { get; } = firstChain;
        public int ChainCount { get; set; }
        public Dictionary<int, NftRulesetBuilder.ChainState> Statements { get; } = [];
    }

    /// <summary>The bytes that make a chain name need the token reader.</summary>
    private static readonly SearchValues<byte> NotInPlainName = SearchValues.Create(" \t\"{};#"u8);

    private readonly List<Table> _tables = [];

    // Chains (one per '{'), rules and element lines (one per line) are sized once by those counts: no growing and copying,
    // and only the part a parse fills is ever touched (uninitialized arrays; from a huge-page boundary when over 4 MB).
    private NftChainSlot[] _chains = [];
    private int _chainCount;
    private NftTextSlot[] _rules = [];
    private int _ruleCount;
    private NftTextSlot[] _elementLines = [];
    private int _elementCount;
    private readonly Dictionary<NftRulesetBuilder.SetState, (int First, int Count)> _elements = [];

    /// <summary>The ruleset, or null when the text is not shaped like a listing this reader takes.</summary>
    public NftRuleset? Read()
    {
        try
        {
            var lines = dump.AsSpan(start, end - start).Count((byte)'\n') + 1;
            var braces = dump.AsSpan(start, end - start).Count((byte)'{') + 1; // every chain header opens one
            _chains = LargeBuffers.AllocateFromBoundary<NftChainSlot>(braces, out _chainCount);
            _rules = LargeBuffers.AllocateFromBoundary<NftTextSlot>(lines, out _ruleCount);
            _elementLines = LargeBuffers.AllocateFromBoundary<NftTextSlot>(lines, out _elementCount);
            return ReadLines() ? Build() : null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null; // the text reader meets the same problem and reports it
        }
    }

    // Hot on a 200k-line dump and run once per parse: skip tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadLines()
    {
        var text = dump.AsSpan(0, end);
        var position = start;
        var number = 0;
        Table? table = null;
        var chain = -1;
        NftRulesetBuilder.SetState? set = null;
        var inElements = false;
        while (position <= end)
        {
            var lineStart = position;
            var newline = text[position..].IndexOf((byte)'\n');
            var raw = newline >= 0 ? text.Slice(position, newline) : text[position..];
            position = newline >= 0 ? position + newline + 1 : end + 1;
            number++;
            if (number == 1 && raw.StartsWith("\uFEFF"u8))
            {
                raw = raw[3..]; // a byte-order mark (after the one a stream may start with), as DumpLineReader drops it
                lineStart += 3;
            }

            if (!raw.IsEmpty && raw[^1] == (byte)'\r')
            {
                raw = raw[..^1];
            }

            if (raw.Contains((byte)'#') && raw.LastIndexOf(" # handle "u8) is var handle and >= 0)
            {
                raw = raw[..handle];
            }

            var (trimmed, length) = NftUtf8.TrimBounds(raw);
            if (length == 0)
            {
                continue;
            }

            var line = raw.Slice(trimmed, length);
            var at = lineStart + trimmed;
            if (inElements)
            {
                inElements = AddElementLine(line, at, number);
                if (!inElements)
                {
                    _elements[set!] = (_elements[set!].First, _elementCount - _elements[set!].First);
                }

                continue;
            }

            if (line.Length == 1 && line[0] == (byte)'}')
            {
                if (chain >= 0 || set is not null)
                {
                    if (chain >= 0)
                    {
                        _chains[chain].RuleCount = _ruleCount - _chains[chain].FirstRule;
                    }

                    (chain, set) = (-1, null);
                }
                else if (table is not null)
                {
                    table.ChainCount = _chainCount - table.FirstChain;
                    table = null;
                }
                else
                {
                    return false;
                }

                continue;
            }

            if (chain >= 0)
            {
                if (line.StartsWith("type "u8) || line.StartsWith("policy "u8) || (line.StartsWith("comment \""u8) && line[9..].IndexOf((byte)'"') == line.Length - 10))
                {
                    if (!ChainStatement(table!, chain, line, number))
                    {
                        return false;
                    }
                }
                else if ((line.IndexOfAny((byte)'{', (byte)'}') >= 0 && line.Count((byte)'{') != line.Count((byte)'}')) || line[^1] == (byte)'{')
                {
                    return false;
                }
                else
                {
                    if (_ruleCount == _rules.Length)
                    {
                        Array.Resize(ref _rules, _rules.Length * 2);
                    }

                    _rules[_ruleCount++] = new NftTextSlot(at, line.Length, number);
                }
            }
            else if (set is not null)
            {
                if (line.StartsWith("elements = {"u8))
                {
                    if (_elements.ContainsKey(set))
                    {
                        return false; // a second elements block (the set listed twice): the text reader merges them
                    }

                    var first = _elementCount;
                    inElements = AddElementLine(line["elements = {".Length..], at + "elements = {".Length, number);
                    _elements[set] = (first, inElements ? 0 : _elementCount - first);
                }
                else
                {
                    var tokens = NftTokenizer.Tokenize(Decode(line)).Where(w => w != ";").Select(w => new NftToken(w, number)).ToList();
                    if (tokens.Count == 0 || tokens[0].Text == "elements")
                    {
                        return false;
                    }

                    builder.SetStatement(set, tokens);
                }
            }
            else if (table is not null)
            {
                if (line.Length > 8 && line.StartsWith("chain "u8) && line.EndsWith(" {"u8) && line[6..^2].IndexOfAny(NotInPlainName) < 0)
                {
                    chain = AddChain(line[6..^2], at + 6, number);
                    continue;
                }

                var words = NftTokenizer.Tokenize(Decode(line));
                if (words is ["set" or "map", var setName, "{"])
                {
                    var sets = table.State.Sets;
                    if (!sets.TryGetValue(setName, out set))
                    {
                        sets[setName] = set = new NftRulesetBuilder.SetState(setName, words[0] == "map", number);
                    }
                }
                else if (words is ["comment", var comment])
                {
                    table.State.Comment = NftTokenizer.Unquote(comment);
                }
                else if (words is not ["flags", ..])
                {
                    return false; // also "chain" with a name that needs the tokenizer
                }
            }
            else
            {
                var words = NftTokenizer.Tokenize(Decode(line));
                if (words is not ["table", var family, var name, "{"] || _tables.Any(t => t.State.Family == family && t.State.Name == name))
                {
                    return false;
                }

                table = new Table(new NftRulesetBuilder.TableState(family, name, number), _chainCount);
                _tables.Add(table);
            }
        }

        return table is null && chain < 0 && set is null && !inElements;
    }

    /// <summary>Files one line of an "elements = { a, b,\n c }" block; true while the block goes on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AddElementLine(ReadOnlySpan<byte> line, int at, int number)
    {
        if (_elementCount == _elementLines.Length)
        {
            Array.Resize(ref _elementLines, _elementLines.Length * 2);
        }

        _elementLines[_elementCount++] = new NftTextSlot(at, line.Length, number);
        return !NftUtf8.Trim(line).EndsWith("}"u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AddChain(ReadOnlySpan<byte> name, int at, int number)
    {
        if (_chainCount == _chains.Length)
        {
            Array.Resize(ref _chains, _chains.Length * 2);
        }

        _chains[_chainCount] = new NftChainSlot
        {
            NameStart = at, NameLength = name.Length, Line = number, FirstRule = _ruleCount, Hash = NftUtf8.Hash(name),
        };
        return _chainCount++;
    }

    /// <summary>"type … hook …", "policy …" or "comment …" inside a chain: false for a line the text reader would file as a rule.</summary>
    private bool ChainStatement(Table table, int chain, ReadOnlySpan<byte> line, int number)
    {
        var words = NftTokenizer.Tokenize(Decode(line)).Where(w => w != ";").ToList();
        if (words is not (["type", _, _, _, ..] or ["policy", _, ..] or ["comment", _]))
        {
            return false;
        }

        var id = chain - table.FirstChain;
        if (!table.Statements.TryGetValue(id, out var state))
        {
            ref readonly var slot = ref _chains[chain];
            table.Statements[id] = state = new NftRulesetBuilder.ChainState(Encoding.UTF8.GetString(dump, slot.NameStart, slot.NameLength), slot.Line);
        }

        builder.ChainStatement(state, words, number);
        return true;
    }

    private NftRuleset? Build()
    {
        var tables = new List<NftTable>(_tables.Count);
        var rules = _rules;
        foreach (var table in _tables)
        {
            var index = NftLazyChains.BuildIndex(dump, _chains, table.FirstChain, table.ChainCount);
            if (index is null)
            {
                return null; // a chain listed twice: the text reader merges them
            }

            var s = table.State;
            tables.Add(new NftTable(
                s.Family,
                s.Name,
                new NftLazyChains(dump, _chains, table.FirstChain, table.ChainCount, index.Value, rules, table.Statements),
                s.Sets.Values.ToDictionary(
                    set => set.Name,
                    set => new NftSet(set.Name, set.IsMap, set.KeyType, set.DataType, new NftLazyElements(dump, _elementLines, _elements.GetValueOrDefault(set)), set.Flags, set.Line, set.Comment, set.Timeout),
                    StringComparer.Ordinal),
                s.Line,
                s.Comment));
        }

        return new NftRuleset(tables);
    }

    private static string Decode(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(line);
}
