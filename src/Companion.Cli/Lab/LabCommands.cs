using System.CommandLine;

namespace Companion.Cli.Lab;

/// <summary>`companion lab`.</summary>
public static class LabCommands
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return new Command("lab", "The network-namespace lab.");
    }
}
