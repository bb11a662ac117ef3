namespace Companion.Cluster.Live;

/// <summary>
/// The last handler before the network: refuses every method but GET (get, list and watch are all GETs) unless changes
/// are allowed, reports each request to an observer, and buffers the body so the raw JSON can be kept as returned.
/// </summary>
internal sealed class ReadOnlyGuardHandler(bool allowChanges, Action<string, string>? observer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (!allowChanges && request.Method != HttpMethod.Get)
        {
            throw ClusterAccessException.ChangesNotAllowed($"{request.Method} {path}");
        }

        observer?.Invoke(request.Method.Method, path);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return response;
    }
}
