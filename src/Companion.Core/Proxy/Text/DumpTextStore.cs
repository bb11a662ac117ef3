namespace Companion.Core.Proxy;

/// <summary>
/// The rule lines kept from a dump, in 64K-char chunks (no 32 MB string): a line is added once while reading, and read
/// back as a span when a rule is decoded. A handle is chunk × 65,536 + offset; a line longer than a chunk gets a chunk of
/// its own. Chunks are allocated uninitialized (no zeroing) and are large objects, so the GC never copies them: every
/// chunk lives as long as the ruleset.
/// </summary>
internal sealed class DumpTextStore : DumpText
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly List<char[]> _chunks = [];
    private int _used = ChunkSize;

    /// <summary>Copies the line in and returns its handle.</summary>
    public int Add(ReadOnlySpan<char> line)
    {
        if (line.Length > ChunkSize)
        {
            _chunks.Add(line.ToArray());
            _used = ChunkSize;
            return (_chunks.Count - 1) << ChunkBits;
        }

        if (_chunks.Count == 0 || _used + line.Length > ChunkSize)
        {
            _chunks.Add(GC.AllocateUninitializedArray<char>(ChunkSize));
            _used = 0;
        }

        var offset = _used;
        line.CopyTo(_chunks[^1].AsSpan(offset));
        _used += line.Length;
        return ((_chunks.Count - 1) << ChunkBits) | offset;
    }

    /// <summary>The line added under <paramref name="handle"/>.</summary>
    public ReadOnlySpan<char> Get(int handle, int length) => _chunks[handle >>> ChunkBits].AsSpan(handle & (ChunkSize - 1), length);

    /// <inheritdoc/>
    public override string GetString(int start, int length) => Get(start, length).ToString();
}
