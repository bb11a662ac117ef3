using System.CommandLine;

namespace Companion.Cli;

/// <summary>
/// The `companion` command tree. Every magic command has a twin here with --json output.
/// Commands write to the given writers, so tests run them without a terminal.
/// </summary>
public static class CompanionCli
{
    /// <summary>Set COMPANION_DEBUG=1 to see the stack trace of an unexpected failure; otherwise it is one line.</summary>
    public const string DebugVariable = "COMPANION_DEBUG";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var io = new CliIo(stdout, stderr);
        var root = new RootCommand("Around the cluster in 80 ms: measure how a request travels inside Kubernetes.");
        root.Add(Dns.DnsCommands.Create(io));
        root.Add(Trace.TraceCommand.Create(io));
        root.Add(K8s.K8sCommands.Create(io));
        root.Add(K8s.RecordCommand.Create(io));
        root.Add(Lab.LabCommands.Create(io));

        var parsed = root.Parse(args);
        // "--help" counts only when it parsed as help (not as the value of an option, as in "--proto --help")
        if (parsed.Errors.Count > 0 && !(AsksForHelp(args) && parsed.Action is System.CommandLine.Help.HelpAction))
        {
            // System.CommandLine would print the whole help page to stdout; a bad option gets one line on stderr instead.
            var command = string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? ["companion"] : ["companion", .. CommandPath(parsed)]);
            return io.Fail($"{parsed.Errors[0].Message} (see '{command} --help')", 2);
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return io.Fail("cancelled", 130);
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            // No stack trace reaches the user unless they ask for it.
            return io.Fail($"{ex.Message} ({ex.GetType().Name}; set {DebugVariable}=1 for details)");
        }
    }

    private static bool AsksForHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(r.Command.Name);
        }

        names.Reverse();
        return names.Skip(1);
    }
}
