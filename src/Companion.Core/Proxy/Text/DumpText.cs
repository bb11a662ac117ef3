namespace Companion.Core.Proxy;

/// <summary>
/// Where the rule lines of a parsed dump live, for decoding on first use: <see cref="DumpBytes"/> (the file's UTF-8
/// bytes, read once) or <see cref="DumpTextStore"/> (lines copied from a <see cref="TextReader"/>).
/// </summary>
internal abstract class DumpText
{
    /// <summary>The text of the line stored at <paramref name="start"/>.</summary>
    public abstract string GetString(int start, int length);
}
