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
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await root.Parse(args).InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }
}
