using Companion.Cli;

namespace Companion.Lab.Tests;

/// <summary>Runs the `companion` CLI in-process with StringWriters (the lab tests' twin of the Cli tests' CliRun, without its 60 s cap: `lab up` can take longer on a loaded CI machine).</summary>
internal static class LabCli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CompanionCli.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
