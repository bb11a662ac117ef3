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
        where T : unmanaged => Allocate<T>(length, fromBoundary: false, out _);

    /// <summary>
    /// An array with room for <paramref name="length"/> elements from <paramref name="first"/>, the first element on a
    /// 2 MB boundary: a caller that fills slots from there onwards touches huge pages only. Under 4 MB (or where huge
    /// pages are not available) a plain uninitialized array and 0: a huge page is zeroed whole on first touch (2 MB,
    /// ~3 ms of fresh memory on these VMs), which costs more than the few 4K pages a small array's used part touches (measured: parse +
    /// trace of the nft 10k listing, 3 alternating rounds, median ratio to grep 1.9× this way, 3.2× with huge pages for
    /// every slot array). For dumps and slot arrays sized by an upper bound of which a parse uses a part.
    /// </summary>
    public static T[] AllocateFromBoundary<T>(int length, out int first)
        where T : unmanaged => Allocate<T>(length, fromBoundary: true, out first);

    private static T[] Allocate<T>(int length, bool fromBoundary, out int first)
        where T : unmanaged
    {
        first = 0;
        var size = Unsafe.SizeOf<T>();
        var bytes = (long)length * size;
        var slack = fromBoundary ? (2 * HugePage / size) + 1 : 0; // to the first boundary, and the last one past the end
        if (_unavailable || !OperatingSystem.IsLinux() || bytes < 2L * HugePage || (long)length + slack > Array.MaxLength)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        var total = length + slack;
        var array = GC.AllocateUninitializedArray<T>(total, pinned: true);
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var aligned = (start + (HugePage - 1)) & ~(nint)(HugePage - 1);
        var end = (nint)((long)start + ((long)total * size)) & ~(nint)(HugePage - 1);
        if (end > aligned)
        {
            try
            {
                _ = Madvise(aligned, (nuint)(end - aligned), MadvHugePage);
                if (fromBoundary)
                {
                    first = (int)((aligned - start + size - 1) / size);
                }
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
