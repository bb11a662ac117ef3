using System.Text.Json;
using Companion.Core.Diagnostics;

namespace Companion.Cluster.Recording;

/// <summary>
/// One measured result stored in a recording (<c>measurements/&lt;name&gt;.json</c>): what ran, when, and the result
/// exactly as the live command prints it with <c>--json</c> (a DnsProbeRun, a LabTcpProbeRun...).
/// </summary>
public sealed record RecordedMeasurement(
    string Name,
    string Kind,
    DateTimeOffset CapturedAt,
    string Command,
    JsonElement Result,
    string? Note = null)
{
    public const string DirectoryName = "measurements";

    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The result as <typeparamref name="T"/> (camelCase JSON, as the CLI writes it); null if it does not fit.</summary>
    public T? ResultAs<T>()
        where T : class
    {
        try
        {
            return Result.Deserialize<T>(Options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether a name can be a measurement file name (letters, digits, '-', '_', '.', not leading '.').</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 100 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Parses one measurement file; never throws on input.</summary>
    public static ParseResult<RecordedMeasurement?> Parse(string json, string source)
    {
        try
        {
            var m = JsonSerializer.Deserialize<RecordedMeasurement>(json, Options);
            if (m is null || !IsValidName(m.Name) || string.IsNullOrWhiteSpace(m.Kind) || m.CapturedAt == default || m.Result.ValueKind == JsonValueKind.Undefined)
            {
                return new(null, [Diagnostic.Fail("missing name, kind, capturedAt or result", source)]);
            }

            return new(m, []);
        }
        catch (JsonException ex)
        {
            return new(null, [Diagnostic.Fail($"not a recorded measurement ({ex.Message.Split('.')[0]})", source, (int?)ex.LineNumber + 1)]);
        }
    }
}
