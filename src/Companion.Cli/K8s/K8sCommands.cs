using System.CommandLine;

namespace Companion.Cli.K8s;

/// <summary>`companion k8s`.</summary>
public static class K8sCommands
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return new Command("k8s", "Read a cluster (live, lab or recording).");
    }
}
