using System.Globalization;
using System.Text.Json;
using Companion.Core.Charts;
using Companion.Core.Rendering;

namespace Companion.Cluster.Recording;

/// <summary>
/// Turns a recorded lab measurement (the CLI twin's <c>--json</c> output) into what a notebook shows: headline facts, one
/// table and, when it has timed samples, a latency chart. Reads the JSON by shape, so every kind the CLI records shows,
/// and never throws on a recording's content.
/// </summary>
public static class RecordedLabView
{
    private const int MaxRows = 200;

    private const int MaxCellValues = 20;

    private static readonly string[] TableProperties = ["queries", "packets", "kernel", "kernelHits", "points"];

    public static LabReplayView ToView(RecordedLabMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var result = match.Measurement.Result;
        var facts = new List<KeyValuePair<string, string>>();
        if (result.ValueKind == JsonValueKind.Object)
        {
            AddScalars(facts, result, "");
            if (result.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object)
            {
                AddScalars(facts, summary, "");
            }
        }

        var (headers, rows) = Table(result);
        return new LabReplayView(match.Label, match.Measurement.Command, match.Measurement.Kind, facts, headers, rows);
    }

    /// <summary>A latency chart of the recorded samples (<c>totalMs</c> or <c>ms</c> of the samples that succeeded); null without samples.</summary>
    public static LatencyChart? ToChart(RecordedLabMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var result = match.Measurement.Result;
        if (result.ValueKind == JsonValueKind.Array)
        {
            return PointsChart(match, result);
        }

        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var ms = new List<double>();
        foreach (var s in samples.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
        {
            var ok = !(s.TryGetProperty("ok", out var okValue) && okValue.ValueKind == JsonValueKind.False);
            if (ok && (s.TryGetProperty("totalMs", out var v) || s.TryGetProperty("ms", out v)) && v.TryGetDouble(out var d))
            {
                ms.Add(d);
            }
        }

        var what = LabCommandLine.Parse(match.Measurement.Command).Value is { } line ? $"{line.Verb} {string.Join(' ', line.Arguments)}" : match.Measurement.Name;
        return ms.Count == 0 ? null : new LatencyChart($"{what} (recorded)", [new LatencySeries(match.Measurement.Name, ms)], match.Label);
    }

    /// <summary>A scale run (an array of points, each with its raw <c>samplesUs</c>): one series per point, in ms; null without raw samples.</summary>
    private static LatencyChart? PointsChart(RecordedLabMatch match, JsonElement points)
    {
        var series = new List<LatencySeries>();
        foreach (var p in points.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            if (!p.TryGetProperty("samplesUs", out var us) || us.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var ms = us.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.Number && u.TryGetDouble(out _)).Select(u => u.GetDouble() / 1000).ToList();
            string? Part(string key, string format) => p.TryGetProperty(key, out var v) && Scalar(v) is { } text ? string.Format(CultureInfo.InvariantCulture, format, text) : null;
            var label = string.Join(", ", new[] { Part("mode", "{0}"), Part("services", "{0} Services"), Part("position", "rule {0}") }.Where(v => v is not null));
            if (ms.Count > 0)
            {
                series.Add(new LatencySeries(label.Length == 0 ? $"point {series.Count + 1}" : label, ms));
            }
        }

        var what = LabCommandLine.Parse(match.Measurement.Command).Value?.Verb ?? match.Measurement.Name;
        return series.Count == 0 ? null : new LatencyChart($"{what} (recorded)", series, match.Label);
    }

    private static void AddScalars(List<KeyValuePair<string, string>> facts, JsonElement element, string prefix)
    {
        foreach (var p in element.EnumerateObject())
        {
            if (Scalar(p.Value) is { } text)
            {
                facts.Add(new(prefix + p.Name, text));
            }
            else if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() is > 0 and <= 20 && p.Value.EnumerateArray().All(e => Scalar(e) is not null))
            {
                facts.Add(new(prefix + p.Name, string.Join(", ", p.Value.EnumerateArray().Select(e => Scalar(e)))));
            }
            else if (p.Name == "outcomes" && p.Value.ValueKind == JsonValueKind.Object)
            {
                facts.Add(new(p.Name, string.Join(", ", p.Value.EnumerateObject().Select(o => $"{o.Name} {Scalar(o.Value)}"))));
            }
        }
    }

    private static (IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) Table(JsonElement result)
    {
        JsonElement? list = result.ValueKind == JsonValueKind.Array ? result : null;
        if (result.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in TableProperties)
            {
                if (result.TryGetProperty(name, out var found) && found.ValueKind == JsonValueKind.Array)
                {
                    list = found;
                    break;
                }
            }

            if (list is null && result.TryGetProperty("samples", out var samples) && samples.ValueKind == JsonValueKind.Array
                && samples.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("endpoint", out _)))
            {
                return ByEndpoint(samples);
            }
        }

        if (list is not { } items)
        {
            return ([], []);
        }

        var objects = items.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Take(MaxRows).Select(Flatten).ToList();
        var headers = objects.SelectMany(o => o.Keys).Distinct(StringComparer.Ordinal).ToList();
        return (headers, [.. objects.Select(o => (IReadOnlyList<string>)[.. headers.Select(h => o.GetValueOrDefault(h, ""))])]);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>) ByEndpoint(JsonElement samples)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in samples.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
        {
            var ok = !(s.TryGetProperty("ok", out var okValue) && okValue.ValueKind == JsonValueKind.False);
            var endpoint = ok && s.TryGetProperty("endpoint", out var e) && Scalar(e) is { } text ? text : "(failed)";
            counts[endpoint] = counts.GetValueOrDefault(endpoint) + 1;
        }

        return (["endpoint", "connects"], [.. counts.Select(c => (IReadOnlyList<string>)[c.Key, c.Value.ToString(CultureInfo.InvariantCulture)])]);
    }

    private static Dictionary<string, string> Flatten(JsonElement element)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (Scalar(p.Value) is { } text)
            {
                row[p.Name] = text;
            }
            else if (p.Value.ValueKind == JsonValueKind.Array)
            {
                // raw samples (a scale point's samplesUs) are the chart's, not a table cell's
                row[p.Name] = p.Value.GetArrayLength() > MaxCellValues
                    ? $"({p.Value.GetArrayLength().ToString(CultureInfo.InvariantCulture)} values)"
                    : string.Join(", ", p.Value.EnumerateArray().Select(e => Scalar(e) ?? e.GetRawText()));
            }
            else if (p.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in p.Value.EnumerateObject().Where(i => Scalar(i.Value) is not null))
                {
                    row[$"{p.Name}.{inner.Name}"] = Scalar(inner.Value)!;
                }
            }
        }

        return row;
    }

    private static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
