using System.Text.Json;
using System.Text.Json.Serialization;
using Companion.Core.Diagnostics;

namespace Companion.Cluster.Recording;

/// <summary>
/// A recording's manifest.json: when and how it was captured. Written last, so a directory without it is not a recording.
/// </summary>
public sealed record RecordingManifest(
    string Scenario,
    DateTimeOffset CapturedAt,
    string? ServerVersion,
    string? KubeProxyMode,
    string CaptureCommand,
    string? Context = null,
    int FormatVersion = 1)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses manifest.json; never throws on input.</summary>
    public static ParseResult<RecordingManifest?> Parse(string json, string source = FileName)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<RecordingManifest>(json, Options);
            if (manifest is null || string.IsNullOrWhiteSpace(manifest.Scenario) || manifest.CapturedAt == default)
            {
                return new(null, [Diagnostic.Fail("missing scenario or capturedAt", source)]);
            }

            return new(manifest, []);
        }
        catch (JsonException ex)
        {
            return new(null, [Diagnostic.Fail($"not a recording manifest ({ex.Message.Split('.')[0]})", source, (int?)ex.LineNumber + 1)]);
        }
    }

    [JsonIgnore]
    public string Describe => $"{Scenario}, captured {CapturedAt:u}";
}
