namespace Companion.Cli.Tests.K8s;

/// <summary>Runs the CLI in-process with StringWriters and returns exit code, stdout and stderr.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var exit = await CompanionCli.RunAsync(args, stdout, stderr, timeout.Token);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
