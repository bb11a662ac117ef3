namespace Companion.Core.Proxy;

/// <summary>
/// The lines of a <see cref="DumpBytes"/>, like <see cref="DumpLineReader"/>: lines end at '\n' ("a\nb" and "a\nb\n"
/// both give "a", "b", the latter and a last empty line), a byte-order mark at the start of the first line is dropped,
/// nothing else is (trim with <see cref="Utf8Text"/>: a trailing '\r' is white space). Each line comes with its offset
/// into <see cref="DumpBytes.Array"/>, so a parser can keep (offset, length) instead of a copy.
/// </summary>
internal ref struct ByteLineReader
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;
    private bool _done;

    public ByteLineReader(DumpBytes dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        _text = dump.Array.AsSpan(0, dump.End);
        _position = dump.Start;
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line and its offset; false after the last line.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line, out int start)
    {
        start = _position;
        if (_done)
        {
            line = default;
            return false;
        }

        var rest = _text[_position..];
        var newline = rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = rest;
            _position = _text.Length;
            _done = true;
        }
        else
        {
            line = rest[..newline];
            _position += newline + 1;
        }

        if (LineNumber == 0 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..]; // a second mark (DumpLineReader drops one after the StreamReader's)
            start += 3;
        }

        LineNumber++;
        return true;
    }
}
