using System.CommandLine;

namespace Companion.Cli.Trace;

/// <summary>`companion trace`.</summary>
public static class TraceCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return new Command("trace", "Trace a packet through kube-proxy rules.");
    }
}
