namespace Companion.Core.Proxy;

/// <summary>An inclusive port range; a single port has Low == High.</summary>
public readonly record struct PortRange(int Low, int High)
{
    public bool Contains(int port) => port >= Low && port <= High;
}
