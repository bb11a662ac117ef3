namespace Companion.Core.Proxy;

/// <summary>The client of a model trace: <c>--from POD|node|external</c>.</summary>
public sealed record TraceOrigin(TraceOriginKind Kind, string? PodNamespace = null, string? PodName = null)
{
    public static TraceOrigin Node { get; } = new(TraceOriginKind.Node);

    public static TraceOrigin External { get; } = new(TraceOriginKind.External);

    public static TraceOrigin Pod(string @namespace, string name) => new(TraceOriginKind.Pod, @namespace, name);

    /// <summary>"node", "external", "ns/pod" or "pod" (in <paramref name="defaultNamespace"/>).</summary>
    public static TraceOrigin Parse(string text, string defaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (string.Equals(trimmed, "node", StringComparison.OrdinalIgnoreCase))
        {
            return Node;
        }

        if (string.Equals(trimmed, "external", StringComparison.OrdinalIgnoreCase))
        {
            return External;
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? Pod(trimmed[..slash], trimmed[(slash + 1)..]) : Pod(defaultNamespace, trimmed);
    }

    public override string ToString() => Kind == TraceOriginKind.Pod ? $"pod {PodNamespace}/{PodName}" : Kind.ToString().ToLowerInvariant();
}
