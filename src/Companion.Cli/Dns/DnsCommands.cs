using System.CommandLine;

namespace Companion.Cli.Dns;

/// <summary>`companion dns`.</summary>
public static class DnsCommands
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return new Command("dns", "DNS: plan and time lookups the way a pod's libc does.");
    }
}
