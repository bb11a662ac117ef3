using System.Buffers;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>
/// Trimming UTF-8 bytes exactly as <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/> trims the decoded chars
/// (Unicode white space, whole runes; an invalid sequence is U+FFFD, which is not white space), with an ASCII fast path.
/// </summary>
internal static class Utf8Text
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text, out int leading) => TrimEnd(TrimStart(text, out leading));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> text, out int leading)
    {
        var i = 0;
        while (i < text.Length)
        {
            var b = text[i];
            if (b < 0x80)
            {
                if (!char.IsWhiteSpace((char)b))
                {
                    break;
                }

                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(text[i..], out var rune, out var used) != OperationStatus.Done || !Rune.IsWhiteSpace(rune))
            {
                break;
            }

            i += used;
        }

        leading = i;
        return text[i..];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> text)
    {
        var end = text.Length;
        while (end > 0)
        {
            var b = text[end - 1];
            if (b < 0x80)
            {
                if (!char.IsWhiteSpace((char)b))
                {
                    break;
                }

                end--;
                continue;
            }

            if (Rune.DecodeLastFromUtf8(text[..end], out var rune, out var used) != OperationStatus.Done || !Rune.IsWhiteSpace(rune))
            {
                break;
            }

            end -= used;
        }

        return text[..end];
    }

    /// <summary>The bytes as UTF-16 into <paramref name="buffer"/> when they fit, else into a new array.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> text, Span<char> buffer) =>
        text.Length <= buffer.Length ? buffer[..Encoding.UTF8.GetChars(text, buffer)] : Encoding.UTF8.GetString(text);
}
