using System.Text.Json;
using Companion.Cluster;
using Companion.Core.Security;

namespace Companion.Cli.K8s;

/// <summary>Prints a result in the chosen format, and turns expected failures into one line. Everything passes the redactor.</summary>
internal static class K8sOutput
{
    public static int Write<T>(CliIo io, OutputFormat format, T json, Func<string> html, Func<string> text)
    {
        var output = format switch
        {
            OutputFormat.Json => JsonSerializer.Serialize(json, CliIo.Json) + "\n",
            OutputFormat.Html => html() + "\n",
            _ => text(),
        };
        io.Out.Write(Redactor.Redact(output));
        return 0;
    }

    public static async Task<int> RunAsync(CliIo io, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ClusterAccessException ex)
        {
            return io.Fail(Redactor.Redact(ex.Message));
        }
        catch (OperationCanceledException)
        {
            return io.Fail("cancelled");
        }
    }
}
