using Microsoft.DotNet.Interactive.Commands;

namespace Companion.Interactive.Magic;

/// <summary>What every <c>#!k8s</c>, <c>#!trace</c> and <c>#!lab</c> subcommand accepts: <c>--help</c>.</summary>
public abstract class CompanionCommand : KernelDirectiveCommand
{
    /// <summary><c>--help</c>.</summary>
    public bool Help { get; set; }
}
