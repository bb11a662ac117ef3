using Companion.Cluster.Mapping;
using Companion.Cluster.Recording;
using Companion.Cluster.Sources;
using Companion.Cluster.Tests.ApiServer;
using Companion.Core.Model;

namespace Companion.Cluster.Tests.Mapping;

/// <summary>
/// Bounded mutation fuzzing of API JSON and recording manifests: truncations, byte flips and value swaps of the shipped
/// recording. Every input must map or fail with one <see cref="ClusterAccessException"/> line; nothing else may escape.
/// </summary>
public sealed class KubeMapperFuzzTests
{
    private static readonly SourceInfo Source = new(SourceKind.Recording, "fuzz");
    private static readonly string[] Replacements = ["null", "\"\"", "-1", "1e400", "[]", "{}", "true", "\"x\"", "99999999999999999999", "\"\\u0000\""];

    [Fact]
    public void mutated_api_json_maps_or_fails_with_one_line()
    {
        // Given
        var random = new Random(20261130);
        var originals = new[] { RawClusterData.PodsFile, RawClusterData.ServicesFile, RawClusterData.EndpointSlicesFile, RawClusterData.NodesFile }
            .Select(f => (File: f, Json: File.ReadAllText(Path.Combine(LiveServerFixture.RecordingDirectory, f)))).ToList();
        var unexpected = new List<string>();

        // When
        for (var i = 0; i < 1500; i++)
        {
            var (file, json) = originals[i % originals.Count];
            var mutated = Mutate(json, random);
            var raw = file switch
            {
                RawClusterData.PodsFile => Raw(pods: mutated),
                RawClusterData.ServicesFile => Raw(services: mutated),
                RawClusterData.EndpointSlicesFile => Raw(slices: mutated),
                _ => Raw(nodes: mutated),
            };
            try
            {
                KubeMapper.ToSnapshot(raw, Source);
            }
            catch (ClusterAccessException ex) when (!ex.Message.Contains('\n', StringComparison.Ordinal))
            {
            }
            catch (Exception ex)
            {
                unexpected.Add($"{file}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // Then
        unexpected.Should().BeEmpty();
    }

    [Fact]
    public void mutated_manifests_parse_or_give_a_diagnostic()
    {
        // Given
        var random = new Random(42);
        var manifest = File.ReadAllText(Path.Combine(LiveServerFixture.RecordingDirectory, RecordingManifest.FileName));

        // When
        var act = () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var result = RecordingManifest.Parse(Mutate(manifest, random));
                (result.Value is null).Should().Be(!result.IsValid);
            }
        };

        // Then
        act.Should().NotThrow();
    }

    private static RawClusterData Raw(string? nodes = null, string? pods = null, string? services = null, string? slices = null)
    {
        const string empty = """{"items":[]}""";
        return new RawClusterData(nodes ?? empty, pods ?? empty, services ?? empty, slices ?? empty, null, null, null);
    }

    private static string Mutate(string json, Random random)
    {
        var at = random.Next(json.Length);
        return random.Next(4) switch
        {
            0 => json[..at],
            1 => json[..at] + (char)random.Next(32, 127) + json[Math.Min(json.Length, at + 1)..],
            2 => ReplaceValue(json, at, Replacements[random.Next(Replacements.Length)]),
            _ => json[..at] + json[Math.Min(json.Length, at + random.Next(1, 40))..],
        };
    }

    private static string ReplaceValue(string json, int at, string value)
    {
        var colon = json.IndexOf(':', at);
        if (colon < 0)
        {
            return json;
        }

        var end = json.IndexOfAny([',', '}', ']'], colon + 1);
        return end < 0 ? json : json[..(colon + 1)] + value + json[end..];
    }
}
