namespace Companion.Interactive.Magic;

/// <summary><c>#!lab status [--lab NAME]</c>. (Each directive needs its own command type: the kernel routes handlers by type.)</summary>
public sealed class LabStatusCommand : CompanionCommand
{
    public string? Lab { get; set; }
}
