using System.Buffers;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>
/// A set's or map's elements as the lines they were printed on. The first lookup indexes the element keys by their UTF-8
/// bytes (no string per element) when every element is plain (<c>10.96.0.1 . tcp . 80 : goto …</c>, ASCII, no quotes);
/// an element is made when a lookup finds it. Reading the list itself makes every element, exactly as the text reader does.
/// </summary>
internal sealed class NftLazyElements(byte[] dump, NftTextSlot[] slots, (int First, int Count) lines) : IReadOnlyList<NftSetElement>
{
    /// <summary>
    /// Element <c>id</c>'s key is <c>Slots[Base + 2 id]</c> and its value <c>Slots[Base + 2 id + 1]</c> (length -1: none);
    /// <c>Table[TableBase + h]</c> is 0 or id + 1.
    /// </summary>
    private sealed class KeyIndex(int[] table, int tableBase, int tableSize, NftTextSlot[] slots, int slotBase, bool allPartsPlain)
    {
        public int[] Table { get; } = table;
        public int TableBase { get; } = tableBase;
        public int Mask { get; } = tableSize - 1;
        public NftTextSlot[] Slots { get; } = slots;
        public int Base { get; } = slotBase;
        public bool AllPartsPlain { get; } = allPartsPlain;
        public Dictionary<int, NftSetElement> Made { get; } = [];

        public ref readonly NftTextSlot Key(int id) => ref Slots[Base + (2 * id)];

        public ref readonly NftTextSlot Value(int id) => ref Slots[Base + (2 * id) + 1];
    }

    /// <summary>The bytes that make an element piece not plain.</summary>
    private static readonly SearchValues<byte> NotPlain = SearchValues.Create("\"{};#\t"u8);
    private static readonly KeyIndex Unindexable = new([], 0, 1, [], 0, false);
    private List<NftSetElement>? _all;
    private KeyIndex? _index;

    public int Count => All.Count;

    public NftSetElement this[int index] => All[index];

    private List<NftSetElement> All => _all ??= MakeAll();

    public IEnumerator<NftSetElement> GetEnumerator() => All.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Looks up the element whose key is <paramref name="values"/> joined by " . "; false when the index cannot tell
    /// (some element is not plain, or a miss where an element holds an interval or protocol number): the caller then
    /// reads the elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryLookup(string[] values, out NftSetElement? element)
    {
        element = null;
        var index = _index ??= BuildIndex() ?? Unindexable;
        if (ReferenceEquals(index, Unindexable))
        {
            return false;
        }

        var key = Encoding.UTF8.GetBytes(string.Join(" . ", values));
        var hash = NftUtf8.Hash(key);
        var mask = index.Mask;
        for (var at = hash & mask; index.Table[index.TableBase + at] != 0; at = (at + 1) & mask)
        {
            var id = index.Table[index.TableBase + at] - 1;
            ref readonly var slot = ref index.Key(id);
            if (dump.AsSpan(slot.Start, slot.Length).SequenceEqual(key))
            {
                lock (index.Made)
                {
                    if (!index.Made.TryGetValue(id, out element))
                    {
                        index.Made[id] = element = Make(id, index);
                    }
                }

                return true;
            }
        }

        return index.AllPartsPlain;
    }

    private NftSetElement Make(int id, KeyIndex index)
    {
        var key = NftUtf8.Decode(dump, index.Key(id)).Split(" . ");
        var value = index.Value(id);
        return new NftSetElement(key, value.Length < 0 ? null : NftUtf8.Decode(dump, value), null, index.Key(id).Line);
    }

    private List<NftSetElement> MakeAll()
    {
        var all = new List<NftSetElement>();
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in slots.AsSpan(lines.First, lines.Count))
        {
            NftElementText.AddLine(all, NftUtf8.Decode(dump, line), line.Line, words);
        }

        return all;
    }

    /// <summary>The key index, or null when some element is not plain (its line has quotes or non-ASCII text, or the token reader would read it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private KeyIndex? BuildIndex()
    {
        // At most one element per comma, plus one per line: key and value slots in one array, sized once.
        var bound = 0;
        foreach (var line in slots.AsSpan(lines.First, lines.Count))
        {
            var text = dump.AsSpan(line.Start, line.Length);
            if (!Ascii.IsValid(text) || text.Contains((byte)'"'))
            {
                return null;
            }

            bound += text.Count((byte)',') + 1;
        }

        var pieces = LargeBuffers.AllocateFromBoundary<NftTextSlot>(2 * bound, out var slotBase);
        var count = 0;
        var allPartsPlain = true;
        foreach (var line in slots.AsSpan(lines.First, lines.Count))
        {
            var text = dump.AsSpan(line.Start, line.Length);
            var (from, length) = NftUtf8.TrimAsciiBounds(text);
            if (length > 0 && text[from + length - 1] == (byte)'}')
            {
                length--;
            }

            var start = from;
            var stop = from + length;
            while (start <= stop)
            {
                var comma = text[start..stop].IndexOf((byte)',');
                var end = comma < 0 ? stop : start + comma;
                var (lead, pieceLength) = NftUtf8.TrimAsciiBounds(text[start..end]);
                if (pieceLength > 0)
                {
                    if (!AddPlain(text.Slice(start + lead, pieceLength), line.Start + start + lead, line.Line, pieces.AsSpan(slotBase + (2 * count), 2), ref allPartsPlain))
                    {
                        return null;
                    }

                    count++;
                }

                start = end + 1;
            }
        }

        var size = 16;
        while (size < count + (count / 2)) // load at most 2/3: half the index (fresh memory) of a 1/2 bound
        {
            size *= 2;
        }

        var table = LargeBuffers.AllocateFromBoundary<int>(size, out var tableBase);
        table.AsSpan(tableBase, size).Clear();
        for (var id = 0; id < count; id++)
        {
            ref readonly var slot = ref pieces[slotBase + (2 * id)];
            var key = dump.AsSpan(slot.Start, slot.Length);
            for (var at = NftUtf8.Hash(key) & (size - 1); ; at = (at + 1) & (size - 1))
            {
                if (table[tableBase + at] == 0)
                {
                    table[tableBase + at] = id + 1;
                    break;
                }

                ref readonly var other = ref pieces[slotBase + (2 * (table[tableBase + at] - 1))];
                if (dump.AsSpan(other.Start, other.Length).SequenceEqual(key))
                {
                    break; // the first element with this key wins, as in NftSet.ExactIndex
                }
            }
        }

        return new KeyIndex(table, tableBase, size, pieces, slotBase, allPartsPlain);
    }

    /// <summary>One piece as a plain element (same rules as <see cref="NftElementText"/>); false when it is not plain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AddPlain(ReadOnlySpan<byte> piece, int pieceStart, int line, Span<NftTextSlot> keyAndValue, ref bool allPartsPlain)
    {
        if (piece.IndexOfAny(NotPlain) >= 0 || piece.IndexOf("  "u8) >= 0)
        {
            return false;
        }

        var colon = piece.IndexOf(" : "u8);
        var key = colon < 0 ? piece : piece[..colon];
        var rest = key;
        while (true)
        {
            var dot = rest.IndexOf(" . "u8);
            var part = dot < 0 ? rest : rest[..dot];
            if (part.IsEmpty || part.Contains((byte)' '))
            {
                return false;
            }

            allPartsPlain &= !part.Contains((byte)'/') && !part.Contains((byte)'-') && !part.SequenceEqual("6"u8)
                && !part.SequenceEqual("17"u8) && !part.SequenceEqual("132"u8);
            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 3)..];
        }

        keyAndValue[0] = new NftTextSlot(pieceStart, key.Length, line);
        keyAndValue[1] = colon < 0 ? new NftTextSlot(0, -1, line) : new NftTextSlot(pieceStart + colon + 3, piece.Length - colon - 3, line);
        return true;
    }
}
