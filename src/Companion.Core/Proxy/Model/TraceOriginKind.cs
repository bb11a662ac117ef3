namespace Companion.Core.Proxy;

/// <summary>Where a model trace starts: a pod, the node itself, or a client outside the cluster.</summary>
public enum TraceOriginKind
{
    Pod,
    Node,
    External,
}
