using Companion.Cluster.Sources;
using Companion.Core.Model;

namespace Companion.Interactive.Sources;

/// <summary>
/// Namespace, Service and pod names for completions. Completions must never hang the kernel, so they only read this cache;
/// it is filled by every command that read a snapshot and, when empty, by one background read bounded by a short timeout.
/// </summary>
public sealed class CompletionCache(Func<IClusterSource?> source)
{
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(1);
    private volatile ClusterSnapshot? _snapshot;
    private int _refreshing;

    public IEnumerable<string> Namespaces() =>
        Read(s => s.Pods.Select(p => p.Namespace).Concat(s.Services.Select(v => v.Namespace)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public IEnumerable<string> Services() => Read(s => s.Services.Select(v => v.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public IEnumerable<string> Pods() => Read(s => s.Pods.Select(p => $"{p.Namespace}/{p.Name}").Order(StringComparer.Ordinal));

    public void Remember(ClusterSnapshot snapshot) => _snapshot = snapshot;

    public void Forget() => _snapshot = null;

    private IEnumerable<string> Read(Func<ClusterSnapshot, IEnumerable<string>> names)
    {
        if (_snapshot is { } snapshot)
        {
            return [.. names(snapshot)];
        }

        Refresh();
        return [];
    }

    private void Refresh()
    {
        if (source() is not { } current || Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(RefreshTimeout);
                _snapshot = await current.GetSnapshotAsync(null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A completion is a hint: an unreachable or absent source simply offers nothing.
            }
            finally
            {
                Interlocked.Exchange(ref _refreshing, 0);
            }
        });
    }
}
