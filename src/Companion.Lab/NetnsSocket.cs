using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Companion.Lab;

/// <summary>
/// Creates sockets inside a named network namespace without a child process: a dedicated thread enters the netns
/// with setns(2), creates the socket (a socket belongs to the netns it was created in, for life), returns to the
/// original netns, and ends. The socket can then be used from any thread.
/// </summary>
public static partial class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    /// <summary>Creates a socket in /run/netns/&lt;netns&gt;.</summary>
    public static Task<Socket> CreateAsync(string netns, SocketType type, ProtocolType protocol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(netns);
        cancellationToken.ThrowIfCancellationRequested();
        var path = $"/run/netns/{netns}";
        if (netns.Contains('/', StringComparison.Ordinal) || !File.Exists(path))
        {
            throw new LabException($"network namespace {netns} does not exist; is the lab up?");
        }

        var done = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Create(path, type, protocol, done)) { IsBackground = true, Name = "netns " + netns };
        thread.Start();
        return done.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
    }

    private static void Create(string path, SocketType type, ProtocolType protocol, TaskCompletionSource<Socket> done)
    {
        try
        {
            using var original = File.OpenHandle("/proc/thread-self/ns/net");
            using var target = File.OpenHandle(path);
            Enter(target);
            try
            {
                done.SetResult(new Socket(System.Net.Sockets.AddressFamily.InterNetwork, type, protocol));
            }
            finally
            {
                Enter(original);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException or LabException)
        {
            done.TrySetException(new LabException($"cannot create a socket in {path}: {e.Message}", e));
        }
    }

    private static void Enter(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new LabException($"setns failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
