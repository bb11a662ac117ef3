using System.Globalization;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>
/// A whole dump as UTF-8 bytes in one array, read once: parsers find lines with a vectorized search for '\n', keep
/// rules as (offset, length) into the array, and decode a rule's text only when it is read. Half the memory of UTF-16
/// text and no decoding pass. A UTF-8 byte-order mark is skipped; text with a UTF-16 or UTF-32 byte-order mark is
/// decoded as <see cref="StreamReader"/> would and re-encoded, so every parser sees UTF-8.
/// </summary>
internal sealed class DumpBytes : DumpText
{
    private const long ParallelReadBytes = 4L * 1024 * 1024;

    private DumpBytes(byte[] array, int start, int end)
    {
        Array = array;
        Start = start;
        End = end;
    }

    /// <summary>The bytes; the dump is [<see cref="Start"/>, <see cref="End"/>).</summary>
    public byte[] Array { get; }

    /// <summary>Where the text starts (3 after a UTF-8 byte-order mark).</summary>
    public int Start { get; }

    /// <summary>Where the text ends (exclusive).</summary>
    public int End { get; }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end: a seekable stream into one array of its remaining length (one read),
    /// any other by doubling. Null, and a one-line <paramref name="error"/>, when the dump is larger than an array can
    /// be (about 2 GB). I/O errors are the stream's exceptions.
    /// </summary>
    public static DumpBytes? Read(Stream stream, out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        error = null;
        var remaining = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        if (remaining >= System.Array.MaxLength)
        {
            error = TooLarge(remaining);
            return null;
        }

        // One spare byte, so the read that finds the end needs no bigger array. A known length of 4 MB or more is read from
        // a huge-page boundary (offset), so the read's copy into the array faults a few 2 MB pages, not thousands of 4K ones.
        var offset = 0;
        var buffer = remaining >= 0 ? LargeBuffers.AllocateFromBoundary<byte>((int)remaining + 1, out offset) : GC.AllocateUninitializedArray<byte>(64 * 1024);
        var end = offset + ReadHalvesAtOnce(stream, buffer, offset, remaining);
        while (true)
        {
            if (end == buffer.Length)
            {
                if (buffer.Length >= System.Array.MaxLength)
                {
                    error = TooLarge(end - offset);
                    return null;
                }

                var bigger = LargeBuffers.Allocate<byte>((int)Math.Min(System.Array.MaxLength, buffer.Length * 2L));
                buffer.AsSpan(0, end).CopyTo(bigger);
                buffer = bigger;
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read <= 0)
            {
                break;
            }

            end += read;
        }

        return FromArray(buffer, offset, end);
    }

    /// <summary>The dump in the first <paramref name="length"/> bytes of <paramref name="bytes"/> (not copied).</summary>
    public static DumpBytes FromArray(byte[] bytes, int length) => FromArray(bytes, 0, length);

    /// <summary>
    /// A file of 4 MB or more: its two halves read at once, the second on another thread (positional reads), leaving the
    /// stream at the end of what was read. Most of a big read's time on these VMs is the kernel making the fresh pages it
    /// copies into (zeroing, first touch), and two cores do that in half the time. 0 for anything else (the caller reads
    /// sequentially), and for whatever a positional read could not do.
    /// </summary>
    private static int ReadHalvesAtOnce(Stream stream, byte[] buffer, int offset, long remaining)
    {
        if (stream is not FileStream { CanSeek: true } file || remaining < ParallelReadBytes || Environment.ProcessorCount < 2)
        {
            return 0;
        }

        var start = file.Position;
        var half = (int)(remaining / 2);
        var second = Task.Run(() => ReadFully(file.SafeFileHandle, buffer.AsMemory(offset + half, (int)remaining - half), start + half));
        var first = ReadFully(file.SafeFileHandle, buffer.AsMemory(offset, half), start);
        var got = second.GetAwaiter().GetResult();
        if (first < half)
        {
            file.Position = start + first; // the file shrank: read on from there, sequentially
            return first;
        }

        file.Position = start + half + got;
        return half + got;
    }

    private static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Memory<byte> into, long position)
    {
        var done = 0;
        while (done < into.Length)
        {
            var read = RandomAccess.Read(handle, into.Span[done..], position + done);
            if (read <= 0)
            {
                break;
            }

            done += read;
        }

        return done;
    }

    /// <summary>The dump in <paramref name="bytes"/> from <paramref name="start"/> to <paramref name="end"/> (not copied).</summary>
    private static DumpBytes FromArray(byte[] bytes, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = bytes.AsSpan(start, end - start);
        if (text.StartsWith("\uFEFF"u8))
        {
            return new DumpBytes(bytes, start + 3, end);
        }

        if (text is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            // UTF-16 or UTF-32: what a StreamReader reads from it (it detects the mark), as UTF-8.
            using var reader = new StreamReader(new MemoryStream(bytes, start, end - start, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var utf8 = Encoding.UTF8.GetBytes(reader.ReadToEnd());
            return new DumpBytes(utf8, 0, utf8.Length);
        }

        return new DumpBytes(bytes, start, end);
    }

    /// <summary>The bytes at <paramref name="start"/> (an offset into <see cref="Array"/>).</summary>
    public ReadOnlySpan<byte> Span(int start, int length) => Array.AsSpan(start, length);

    /// <summary>The bytes decoded (an invalid sequence becomes U+FFFD, as a <see cref="StreamReader"/> reads it).</summary>
    public override string GetString(int start, int length) => Encoding.UTF8.GetString(Array, start, length);

    /// <summary>A UTF-8 reader over the dump, for parsers that read a <see cref="TextReader"/>.</summary>
    public StreamReader OpenReader() =>
        new(new MemoryStream(Array, Start, End - Start, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: false);

    private static string TooLarge(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"the dump is larger than the {System.Array.MaxLength:N0} bytes one read can hold ({bytes:N0} bytes or more); split it, or trace from the node");
}
