using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Companion.Cluster.Dns;

/// <summary>
/// Diagnostics of one bulk series, only when <c>COMPANION_DNS_DEBUG</c> names a file: per lookup the send time, the
/// answer's stamp (the kernel's receive time where kernel stamps are on) and when the engine thread read it, in µs
/// after the first send; plus the engine thread's voluntary and involuntary context switches (getrusage) and the
/// gen0 collections during the series. Appended as CSV, one block per series. Nothing is recorded otherwise.
/// </summary>
internal sealed class UdpBulkDebug
{
    private readonly string _path;
    private readonly long[] _readAt;
    private readonly (long Voluntary, long Involuntary) _switches;
    private readonly int _collections;

    private UdpBulkDebug(string path, int count)
    {
        _path = path;
        _readAt = new long[count];
        _switches = ThreadSwitches();
        _collections = GC.CollectionCount(0);
    }

    /// <summary>A recorder for a series of <paramref name="count"/> lookups, or null when COMPANION_DNS_DEBUG is not set.</summary>
    public static UdpBulkDebug? Start(int count) =>
        Environment.GetEnvironmentVariable("COMPANION_DNS_DEBUG") is { Length: > 0 } path ? new UdpBulkDebug(path, count) : null;

    /// <summary>The engine thread read lookup <paramref name="lookup"/>'s answer at <paramref name="readAt"/> (Stopwatch ticks).</summary>
    public void Answered(int lookup, long readAt) => _readAt[lookup] = readAt;

    /// <summary>Appends this series' block (called on the engine thread, after the clock stopped).</summary>
    public void Write(long[] sent, long[] done, long first, bool kernelStamps)
    {
        var (voluntary, involuntary) = ThreadSwitches();
        var us = (long t) => t == 0 ? "" : (Stopwatch.GetElapsedTime(first, t).TotalMilliseconds * 1000).ToString("F1", CultureInfo.InvariantCulture);
        using var w = new StreamWriter(_path, append: true);
        w.WriteLine(FormattableString.Invariant(
            $"# kernelStamps={kernelStamps} lookups={sent.Length} voluntarySwitches={voluntary - _switches.Voluntary} involuntarySwitches={involuntary - _switches.Involuntary} gen0={GC.CollectionCount(0) - _collections}"));
        w.WriteLine("lookup,sentUs,stampUs,readUs");
        for (var i = 0; i < sent.Length; i++)
        {
            w.WriteLine(FormattableString.Invariant($"{i},{us(sent[i])},{us(done[i])},{us(_readAt[i])}"));
        }
    }

    /// <summary>This thread's context switches so far (getrusage RUSAGE_THREAD), or -1s where that is not available.</summary>
    private static (long Voluntary, long Involuntary) ThreadSwitches()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return (-1, -1);
        }

        var usage = new long[18]; // struct rusage on LP64: 2 timevals, then 14 longs; nvcsw and nivcsw are the last two
        return NativeMethods.getrusage(1, usage) == 0 ? (usage[16], usage[17]) : (-1, -1);
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled in this project; a blittable long[] does not.
    private static class NativeMethods
    {
        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int getrusage(int who, [Out] long[] usage);
    }
#pragma warning restore SYSLIB1054
}
