namespace Companion.Core.Rendering;

/// <summary>
/// A measurement replayed from a recording, ready to render: where it came from (<paramref name="Label"/>), the command that
/// measured it, its headline facts (name → value) and one table (the wire queries of a DNS lookup, the endpoints that
/// answered, the rules a packet hit...). Values are plain text; renderers encode them.
/// </summary>
public sealed record LabReplayView(
    string Label,
    string Command,
    string Kind,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> Rows);
