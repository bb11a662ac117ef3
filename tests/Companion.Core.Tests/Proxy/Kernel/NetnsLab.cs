using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>The outcome of one bounded command.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public CommandResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr.Trim()} {Stdout.Trim()}");
}

/// <summary>
/// Network namespaces for kernel tests: unique names (owner prefix + random suffix), every command bounded by a timeout,
/// and everything created removed on dispose, even after a failure. Sockets can be created inside a namespace
/// (setns on a short-lived thread), so servers and clients run in this process without helper programs.
/// </summary>
internal sealed class NetnsLab : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly List<string> _namespaces = [];

    private NetnsLab(string prefix) => Prefix = prefix;

    /// <summary>"owner" + 6 random hex characters, e.g. "iptk3f9a1c".</summary>
    public string Prefix { get; }

    public static string? SkipReason(params string[] tools)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return "needs root on Linux (network namespaces)";
        }

        var missing = tools.Where(t => !new[] { "/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/" }.Any(d => File.Exists(d + t))).ToList();
        return missing.Count > 0 ? $"missing tools: {string.Join(", ", missing)}" : null;
    }

    public static NetnsLab Create(string owner) => new(owner + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));

    /// <summary>The full namespace name for a role.</summary>
    public string Ns(string role) => $"{Prefix}-{role}";

    public async Task<string> AddNamespaceAsync(string role, CancellationToken cancellationToken)
    {
        var name = Ns(role);
        (await RunAsync("ip", ["netns", "add", name], cancellationToken: cancellationToken)).EnsureSuccess($"ip netns add {name}");
        _namespaces.Add(name);
        (await ExecAsync(name, "ip", ["link", "set", "lo", "up"], cancellationToken)).EnsureSuccess("lo up");
        return name;
    }

    /// <summary>A veth pair straight between two namespaces, addressed and up (nothing appears in the root namespace).</summary>
    public async Task LinkAsync(string nsA, string ifA, string? cidrA, string nsB, string ifB, string? cidrB, CancellationToken cancellationToken)
    {
        (await RunAsync("ip", ["link", "add", ifA, "netns", nsA, "type", "veth", "peer", "name", ifB, "netns", nsB], cancellationToken: cancellationToken))
            .EnsureSuccess($"veth {nsA}/{ifA} - {nsB}/{ifB}");
        foreach (var (ns, dev, cidr) in new[] { (nsA, ifA, cidrA), (nsB, ifB, cidrB) })
        {
            if (cidr is not null)
            {
                (await ExecAsync(ns, "ip", ["addr", "add", cidr, "dev", dev], cancellationToken)).EnsureSuccess($"addr {cidr}");
            }

            (await ExecAsync(ns, "ip", ["link", "set", dev, "up"], cancellationToken)).EnsureSuccess($"up {dev}");
        }
    }

    public Task<CommandResult> ExecAsync(string ns, string file, IReadOnlyList<string> args, CancellationToken cancellationToken, string? stdin = null) =>
        RunAsync("ip", ["netns", "exec", ns, file, .. args], stdin, cancellationToken: cancellationToken);

    /// <summary>Runs a program with a hard timeout; the process tree is killed when it expires or the token fires.</summary>
    public static async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cts.Token);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(cts.Token);
            return new CommandResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
    }

    /// <summary>Creates a socket that lives in the namespace (a socket keeps the namespace it was created in).</summary>
    public Socket CreateSocket(string ns, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns}");
                if (Setns(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns {ns} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or SocketException or UnauthorizedAccessException)
            {
                error = e;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("setns thread did not finish");
        }

        return socket ?? throw new InvalidOperationException($"no socket in {ns}", error);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            try
            {
                await RunAsync("ip", ["netns", "del", ns], timeout: TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // Best effort: a namespace that cannot be removed now is reported by the next `ip netns list`.
            }
        }

        _namespaces.Clear();
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled in the project; one int-only call does not justify it.
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int Setns(int fd, int nstype);
#pragma warning restore SYSLIB1054
}
