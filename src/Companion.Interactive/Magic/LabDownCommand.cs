namespace Companion.Interactive.Magic;

/// <summary><c>#!lab down [--lab NAME]</c>.</summary>
public sealed class LabDownCommand : CompanionCommand
{
    public string? Lab { get; set; }
}
