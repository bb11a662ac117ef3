using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Companion.Core.Proxy;

/// <summary>
/// Arrays of megabytes that a parse fills once and keeps (a dump's bytes, its rule slots). On Linux they are pinned and
/// their 2 MB-aligned interior is advised to use transparent huge pages before the first write: on these VMs a 4K page
/// fault costs tens of microseconds, and 16 MB of fresh memory is 4,000 of them (more than the parse itself); with
/// huge pages it is eight. Anywhere else, or if the advice fails, they are ordinary arrays. Memory advice only: no I/O.
/// </summary>
internal static class LargeBuffers
{
    private const int HugePage = 2 * 1024 * 1024;
    private const int MadvHugePage = 14;
    private static bool _unavailable;

    public static T[] Allocate<T>(int length)
        where T : unmanaged
    {
        var bytes = (long)length * Unsafe.SizeOf<T>();
        if (_unavailable || !OperatingSystem.IsLinux() || bytes < 2L * HugePage)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var first = (start + (HugePage - 1)) & ~(nint)(HugePage - 1);
        var end = (nint)((long)start + bytes) & ~(nint)(HugePage - 1);
        if (end > first)
        {
            try
            {
                _ = Madvise(first, (nuint)(end - first), MadvHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }

        return array;
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled in Core; one call with plain integers does not justify it.
    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
