namespace Companion.Lab;

/// <summary>What a finished command printed and returned.</summary>
public sealed record LabProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;
}
