namespace Companion.Core.Dns;

/// <summary>Which C library's stub resolver to imitate: their search-list rules differ.</summary>
public enum ResolverLibc
{
    /// <summary>GNU libc (Debian, Ubuntu, most distro images).</summary>
    Glibc,

    /// <summary>musl libc (Alpine images).</summary>
    Musl,
}
