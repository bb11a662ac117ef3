namespace Companion.Core.Proxy;

/// <summary>
/// Reads a dump line by line from a <see cref="TextReader"/> into one reused buffer: no string per line and no
/// whole-file string, so a 16 MB dump never lands on the large object heap. Lines end at '\n' (a trailing '\r' is
/// dropped, and so is a byte-order mark at the start), like <c>text.Split('\n')</c>: "a\nb" and "a\nb\n" both give lines "a", "b" and the latter a last empty one.
/// </summary>
internal sealed class DumpLineReader(TextReader reader)
{
    private char[] _buffer = new char[32 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _done;

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// The next line, valid until the next call. False after the last line (a text ending in '\n' has a last empty line).
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        if (_done)
        {
            line = default;
            return false;
        }

        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf('\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line = Strip(_buffer.AsSpan(_start, length));
                _start += length + 1;
                LineNumber++;
                return true;
            }

            scanned = _end - _start;
            if (_eof)
            {
                line = Strip(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                _done = true;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer
        }

        var read = reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _eof = true;
        }
        else
        {
            _end += read;
        }
    }

    private ReadOnlySpan<char> Strip(ReadOnlySpan<char> line)
    {
        if (LineNumber == 0 && line.Length > 0 && line[0] == '\uFEFF')
        {
            line = line[1..]; // a byte-order mark a rewound StreamReader hands out again
        }

        return line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
    }
}
