using System.Text.Json;
using System.Text.Json.Serialization;

namespace Companion.Lab;

/// <summary>The JSON options of recorded results: camelCase, as the CLI's <c>--json</c> output.</summary>
internal static class RecordedMeasurementJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
