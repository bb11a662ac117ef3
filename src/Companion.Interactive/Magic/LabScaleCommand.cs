namespace Companion.Interactive.Magic;

/// <summary><c>#!lab scale [--services N] [--samples N] [--lab NAME] [--recorded NAME]</c>.</summary>
public sealed class LabScaleCommand : CompanionCommand
{
    public int Services { get; set; } = 1000;

    public int Samples { get; set; } = 1000;

    public string? Lab { get; set; }

    public string? Recorded { get; set; }
}
