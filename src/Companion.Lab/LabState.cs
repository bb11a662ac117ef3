namespace Companion.Lab;

/// <summary>
/// What a lab has created, written to disk BEFORE each thing is created, so `down` can remove everything even
/// after `up` was killed part-way. Phase is "creating" until `up` finishes, then "up".
/// </summary>
public sealed record LabState(
    string Name,
    string ProxyMode,
    string Phase,
    string ModelJson,
    string ModelSource,
    List<string> Netns,
    List<string> Files,
    List<string> Dirs,
    List<int> Pids,
    DateTimeOffset CreatedAt);
