using System.CommandLine;

namespace Companion.Cli.K8s;

/// <summary>`companion record`.</summary>
public static class RecordCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return new Command("record", "Capture a recording of a cluster or the lab.");
    }
}
