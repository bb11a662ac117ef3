using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>Where one line (a rule, or the elements on a line) is in the dump's UTF-8 bytes, and its 1-based line number.</summary>
internal readonly record struct NftTextSlot(int Start, int Length, int Line);

/// <summary>
/// UTF-8 helpers for the byte listing reader: reading a stream whole into one array, and trimming exactly like
/// <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/> does on the decoded text.
/// </summary>
internal static class NftUtf8
{
    private static readonly bool[] AsciiSpace = [.. Enumerable.Range(0, 128).Select(c => char.IsWhiteSpace((char)c))];

    /// <summary>The span without leading and trailing white space (char.IsWhiteSpace, also for non-ASCII characters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var (start, length) = TrimBounds(text);
        return text.Slice(start, length);
    }

    /// <summary>Where <see cref="Trim"/> cuts: start and length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Start, int Length) TrimBounds(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var b = text[start];
            if (b < 0x80)
            {
                if (!AsciiSpace[b])
                {
                    break;
                }

                start++;
            }
            else if (Rune.DecodeFromUtf8(text[start..], out var rune, out var used) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
            {
                start += used;
            }
            else
            {
                break;
            }
        }

        var end = text.Length;
        while (end > start)
        {
            var b = text[end - 1];
            if (b < 0x80)
            {
                if (!AsciiSpace[b])
                {
                    break;
                }

                end--;
            }
            else if (Rune.DecodeLastFromUtf8(text[start..end], out var rune, out var used) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
            {
                end -= used;
            }
            else
            {
                break;
            }
        }

        return (start, end - start);
    }

    /// <summary>Where <see cref="Trim"/> would cut ASCII text (the caller checked it is ASCII): start and length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Start, int Length) TrimAsciiBounds(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && AsciiSpace[text[start]])
        {
            start++;
        }

        var end = text.Length;
        while (end > start && AsciiSpace[text[end - 1]])
        {
            end--;
        }

        return (start, end - start);
    }

    /// <summary>The text of the bytes.</summary>
    public static string Decode(byte[] bytes, NftTextSlot slot) => Encoding.UTF8.GetString(bytes, slot.Start, slot.Length);

    /// <summary>A hash of the bytes (process-seeded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
