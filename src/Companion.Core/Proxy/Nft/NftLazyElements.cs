using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>
/// A set's or map's elements as the lines they were printed on. The first lookup indexes the element keys by their UTF-8
/// bytes (no string per element) when every element is plain (<c>10.96.0.1 . tcp . 80 : goto …</c>, ASCII, no quotes);
/// an element is made when a lookup finds it. Reading the list itself makes every element, exactly as the text reader does.
/// </summary>
internal sealed class NftLazyElements(byte[] dump, NftTextSlot[] lines) : IReadOnlyList<NftSetElement>
{
    private sealed class KeyIndex(int[] table, NftTextSlot[] keys, NftTextSlot[] values, bool allPartsPlain)
    {
        public int[] Table { get; } = table;
        public NftTextSlot[] Keys { get; } = keys;
        public NftTextSlot[] Values { get; } = values;
        public bool AllPartsPlain { get; } = allPartsPlain;
        public NftSetElement?[] Made { get; } = new NftSetElement?[keys.Length];
    }

    private static readonly KeyIndex Unindexable = new([], [], [], false);
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
        var mask = index.Table.Length - 1;
        for (var at = hash & mask; index.Table[at] != 0; at = (at + 1) & mask)
        {
            var id = index.Table[at] - 1;
            var slot = index.Keys[id];
            if (dump.AsSpan(slot.Start, slot.Length).SequenceEqual(key))
            {
                element = index.Made[id] ??= Make(id, index);
                return true;
            }
        }

        return index.AllPartsPlain;
    }

    private NftSetElement Make(int id, KeyIndex index)
    {
        var key = NftUtf8.Decode(dump, index.Keys[id]).Split(" . ");
        var value = index.Values[id];
        return new NftSetElement(key, value.Length < 0 ? null : NftUtf8.Decode(dump, value), null, index.Keys[id].Line);
    }

    private List<NftSetElement> MakeAll()
    {
        var all = new List<NftSetElement>();
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            NftElementText.AddLine(all, NftUtf8.Decode(dump, line), line.Line, words);
        }

        return all;
    }

    /// <summary>The key index, or null when some element is not plain (its line has quotes or non-ASCII text, or the token reader would read it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private KeyIndex? BuildIndex()
    {
        var keys = new List<NftTextSlot>();
        var values = new List<NftTextSlot>();
        var allPartsPlain = true;
        foreach (var line in lines)
        {
            var text = dump.AsSpan(line.Start, line.Length);
            if (!Ascii.IsValid(text) || text.Contains((byte)'"'))
            {
                return null;
            }

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
                if (pieceLength > 0 && !AddPlain(text.Slice(start + lead, pieceLength), line.Start + start + lead, line.Line, keys, values, ref allPartsPlain))
                {
                    return null;
                }

                start = end + 1;
            }
        }

        var size = 16;
        while (size < keys.Count * 2)
        {
            size *= 2;
        }

        var table = new int[size];
        for (var id = 0; id < keys.Count; id++)
        {
            var key = dump.AsSpan(keys[id].Start, keys[id].Length);
            for (var at = NftUtf8.Hash(key) & (size - 1); ; at = (at + 1) & (size - 1))
            {
                if (table[at] == 0)
                {
                    table[at] = id + 1;
                    break;
                }

                var other = keys[table[at] - 1];
                if (dump.AsSpan(other.Start, other.Length).SequenceEqual(key))
                {
                    break; // the first element with this key wins, as in NftSet.ExactIndex
                }
            }
        }

        return new KeyIndex(table, [.. keys], [.. values], allPartsPlain);
    }

    /// <summary>One piece as a plain element (same rules as <see cref="NftElementText"/>); false when it is not plain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AddPlain(ReadOnlySpan<byte> piece, int pieceStart, int line, List<NftTextSlot> keys, List<NftTextSlot> values, ref bool allPartsPlain)
    {
        if (piece.IndexOfAny("\"{};#\t"u8) >= 0 || piece.IndexOf("  "u8) >= 0)
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

        keys.Add(new NftTextSlot(pieceStart, key.Length, line));
        values.Add(colon < 0 ? new NftTextSlot(0, -1, line) : new NftTextSlot(pieceStart + colon + 3, piece.Length - colon - 3, line));
        return true;
    }
}
