using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Companion.Cli;

/// <summary>
/// Where a command writes, and the shared conventions: JSON is camelCase with enums as strings,
/// and an error is one line on stderr with exit code 1 (2 for bad usage).
/// </summary>
public sealed class CliIo(TextWriter stdout, TextWriter stderr)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>Writes a value as one JSON document and a newline.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Writes "companion: message" to stderr and returns the exit code to use.</summary>
    public int Fail(string message, int exitCode = 1)
    {
        // Every CLI error goes through the one redaction layer: no token, key or password reaches stderr.
        var oneLine = Companion.Core.Security.Redactor.Redact(message).ReplaceLineEndings(" ").Trim();
        Error.WriteLine($"companion: {oneLine}");
        return exitCode;
    }
}
