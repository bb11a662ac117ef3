namespace Companion.Interactive.Magic;

/// <summary><c>#!lab status | down [--lab NAME]</c>.</summary>
public sealed class LabNameCommand : CompanionCommand
{
    public string? Lab { get; set; }
}
