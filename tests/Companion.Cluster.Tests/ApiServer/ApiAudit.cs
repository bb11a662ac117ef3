using System.Collections.Concurrent;

namespace Companion.Cluster.Tests.ApiServer;

/// <summary>
/// Every request every fake API server saw, across the whole test run. Servers started without allow-changes must never
/// see POST, PUT, PATCH or DELETE; <see cref="MutationsWithoutPermission"/> lists any that did.
/// </summary>
public static class ApiAudit
{
    private static readonly ConcurrentQueue<(string Method, string Path, bool ChangesAllowed)> Seen = new();

    public static void Record(string method, string path, bool changesAllowed) => Seen.Enqueue((method, path, changesAllowed));

    public static IReadOnlyList<(string Method, string Path, bool ChangesAllowed)> All => [.. Seen];

    public static IReadOnlyList<string> MutationsWithoutPermission =>
        [.. Seen.Where(s => !s.ChangesAllowed && s.Method is not ("GET" or "HEAD")).Select(s => $"{s.Method} {s.Path}")];
}
