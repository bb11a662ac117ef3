using Companion.Cli;

return await CompanionCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
