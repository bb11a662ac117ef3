using System.CommandLine;

namespace Companion.Cli;

/// <summary>
/// The `companion` command tree. Every magic command has a twin here with --json output.
/// Commands write to the given writers, so tests run them without a terminal.
/// </summary>
public static class CompanionCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = new RootCommand("Around the cluster in 80 ms: measure how a request travels inside Kubernetes.");
        var io = new CliIo(stdout, stderr);
        root.Add(Dns.DnsCommands.Create(io));
        root.Add(Trace.TraceCommand.Create(io));
        root.Add(K8s.K8sCommands.Create(io));
        root.Add(K8s.RecordCommand.Create(io));
        root.Add(Lab.LabCommands.Create(io));
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await root.Parse(args).InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }
}
