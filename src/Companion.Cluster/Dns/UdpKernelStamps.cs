using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Companion.Cluster.Dns;

/// <summary>
/// Linux only: reads every queued datagram of a socket with one <c>recvmmsg</c>, each with the time the kernel received
/// it (<c>SO_TIMESTAMPNS</c>, software receive stamp), converted to <see cref="Stopwatch"/> ticks. The stamp does not
/// move when the reading thread runs late (descheduled, or busy sending), so a lookup's time is send → the kernel had
/// the answer, not send → this thread got round to it. Native structures live in pinned arrays (no unsafe code).
/// </summary>
internal sealed class UdpKernelStamps
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35; // SO_TIMESTAMPNS_OLD = SCM_TIMESTAMPNS: struct timespec, 64-bit fields on LP64
    private const int MsgDontWait = 0x40;
    private const int MsgTrunc = 0x20;
    private const int ClockRealtime = 0;
    private const int HeaderSize = 64; // struct mmsghdr on LP64: msghdr (56) + msg_len (4) + padding
    private const int IovSize = 16;
    private const int ControlSize = 64;
    private const short PollIn = 1;
    private const int PrSetTimerSlack = 29;

    [ThreadStatic]
    private static bool t_slackSet;

    private readonly int _fd;
    private readonly int _batch;
    private readonly byte[] _headers;
    private readonly byte[] _iovs;
    private readonly byte[] _control;
    private readonly nint _headersAddress;
    private readonly nint _controlAddress;
    private readonly double _ticksPerNanosecond = Stopwatch.Frequency / 1e9;

    private UdpKernelStamps(Socket socket, byte[] buffer, int batch, int datagramSize)
    {
        _fd = (int)socket.Handle;
        _batch = batch;
        _headers = GC.AllocateArray<byte>(batch * HeaderSize, pinned: true);
        _iovs = GC.AllocateArray<byte>(batch * IovSize, pinned: true);
        _control = GC.AllocateArray<byte>(batch * ControlSize, pinned: true);
        _headersAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0);
        _controlAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_control, 0);
        var iovsAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_iovs, 0);
        var bufferAddress = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        for (var i = 0; i < batch; i++)
        {
            var iov = _iovs.AsSpan(i * IovSize);
            BinaryPrimitives.WriteInt64LittleEndian(iov, bufferAddress + (i * datagramSize));
            BinaryPrimitives.WriteInt64LittleEndian(iov[8..], datagramSize);
            var header = _headers.AsSpan(i * HeaderSize);
            BinaryPrimitives.WriteInt64LittleEndian(header[16..], iovsAddress + (i * IovSize)); // msg_iov
            BinaryPrimitives.WriteInt64LittleEndian(header[24..], 1); // msg_iovlen
            BinaryPrimitives.WriteInt64LittleEndian(header[32..], _controlAddress + (i * ControlSize)); // msg_control
        }
    }

    /// <summary>Where this reader works: Linux on a 64-bit little-endian process (the structure layout above).</summary>
    public static bool Supported =>
        OperatingSystem.IsLinux() && Environment.Is64BitProcess && BitConverter.IsLittleEndian
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// A reader for <paramref name="socket"/> into <paramref name="buffer"/> (a pinned array of
    /// <paramref name="batch"/> × <paramref name="datagramSize"/> bytes), or null where kernel stamps are not available.
    /// </summary>
    public static UdpKernelStamps? TryCreate(Socket socket, byte[] buffer, int batch, int datagramSize)
    {
        if (!Supported || buffer.Length < batch * datagramSize)
        {
            return null;
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));
            return new UdpKernelStamps(socket, buffer, batch, datagramSize);
        }
        catch (Exception ex) when (ex is SocketException or PlatformNotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads what is queued, without waiting. Datagram i is at <c>i × datagramSize</c> in the buffer, its length in
    /// <paramref name="lengths"/> (0 for one cut off at the buffer size: dropped) and its kernel receive time in
    /// <paramref name="stamps"/> (<see cref="Stopwatch"/> ticks; the read time if the kernel gave none).
    /// <paramref name="error"/> is Success when datagrams were read, else why not (WouldBlock: nothing queued).
    /// </summary>
    public int Receive(Span<int> lengths, Span<long> stamps, out SocketError error)
    {
        for (var i = 0; i < _batch; i++)
        {
            var header = _headers.AsSpan(i * HeaderSize);
            BinaryPrimitives.WriteInt64LittleEndian(header[40..], ControlSize); // msg_controllen, rewritten by the kernel
            BinaryPrimitives.WriteInt32LittleEndian(header[48..], 0); // msg_flags
        }

        var n = NativeMethods.recvmmsg(_fd, _headersAddress, (uint)_batch, MsgDontWait, 0);
        if (n <= 0)
        {
            error = n == 0 ? SocketError.WouldBlock : FromErrno(Marshal.GetLastPInvokeError());
            return 0;
        }

        var readAt = Stopwatch.GetTimestamp();
        NativeMethods.clock_gettime(ClockRealtime, out var now);
        var nowNs = (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
        for (var i = 0; i < n; i++)
        {
            var header = _headers.AsSpan(i * HeaderSize);
            var flags = BinaryPrimitives.ReadInt32LittleEndian(header[48..]);
            lengths[i] = (flags & MsgTrunc) != 0 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(header[56..]);
            var controlLength = (int)BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
            var stampNs = TimestampNs(_control.AsSpan(i * ControlSize, Math.Min(controlLength, ControlSize)));
            stamps[i] = stampNs is { } ns && ns <= nowNs ? readAt - (long)((nowNs - ns) * _ticksPerNanosecond) : readAt;
        }

        error = SocketError.Success;
        return n;
    }

    /// <summary>
    /// Waits until <paramref name="socket"/> is readable or <paramref name="nanoseconds"/> have passed (ppoll: a
    /// sub-millisecond timeout, where <see cref="Socket.Poll(int, SelectMode)"/> rounds to milliseconds). False where
    /// not supported (the caller polls instead). The calling thread's timer slack is set to 1 µs the first time.
    /// </summary>
    public static bool TryWait(Socket socket, long nanoseconds)
    {
        if (!Supported)
        {
            return false;
        }

        if (!t_slackSet)
        {
            t_slackSet = true;
            _ = NativeMethods.prctl(PrSetTimerSlack, 1000, 0, 0, 0);
        }

        var fd = new PollFd { Fd = (int)socket.Handle, Events = PollIn };
        var timeout = new Timespec { Seconds = nanoseconds / 1_000_000_000L, Nanoseconds = nanoseconds % 1_000_000_000L };
        _ = NativeMethods.ppoll(ref fd, 1, ref timeout, 0);
        return true;
    }

    /// <summary>The SCM_TIMESTAMPNS message among the control messages (CLOCK_REALTIME, in ns), if any.</summary>
    private static long? TimestampNs(ReadOnlySpan<byte> control)
    {
        var offset = 0;
        while (offset + 16 <= control.Length)
        {
            var length = (int)BinaryPrimitives.ReadInt64LittleEndian(control[offset..]);
            var level = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 8)..]);
            var type = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 12)..]);
            if (length < 16)
            {
                return null;
            }

            if (level == SolSocket && type == SoTimestampNs && offset + 32 <= control.Length)
            {
                return (BinaryPrimitives.ReadInt64LittleEndian(control[(offset + 16)..]) * 1_000_000_000L)
                    + BinaryPrimitives.ReadInt64LittleEndian(control[(offset + 24)..]);
            }

            offset += (length + 7) & ~7;
        }

        return null;
    }

    private static SocketError FromErrno(int errno) => errno switch
    {
        11 => SocketError.WouldBlock, // EAGAIN
        4 => SocketError.Interrupted, // EINTR
        111 => SocketError.ConnectionRefused, // ECONNREFUSED: ICMP port unreachable of an earlier query
        _ => SocketError.SocketError,
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled in this project; plain integers and pointers as nint do not.
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int recvmmsg(int fd, nint messages, uint count, int flags, nint timeout);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int clock_gettime(int clock, out Timespec time);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ppoll(ref PollFd fds, ulong count, ref Timespec timeout, nint signalMask);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
    }
#pragma warning restore SYSLIB1054
}
