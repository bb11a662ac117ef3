using System.Text.Json;

namespace Companion.Lab.Tests;

/// <summary>
/// Issue 8, "a probe to a Service with no endpoints": a real lab whose Service selects no pod. kube-proxy's rules (written
/// by our generator, loaded with iptables-restore) REJECT it in the filter table, so every connect is refused at once:
/// the probe reports each failure as data and never waits for its timeout. Real kernel, real TCP, no stand-in.
/// </summary>
[Collection("lab (root)")]
public sealed class LabNoEndpointsTests
{
    private const string Model = """
        {
          "nodes": 1,
          "deployments": [
            { "namespace": "shop", "name": "frontend", "replicas": 1, "labels": { "app": "frontend" }, "ports": [{ "name": "http", "port": 8080 }] }
          ],
          "services": [
            { "namespace": "shop", "name": "ghost", "selector": { "app": "nobody-has-this-label" }, "ports": [{ "name": "http", "port": 80, "targetPort": 8080 }] }
          ]
        }
        """;

    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => LabCli.RunAsync(args);

    [Fact]
    public async Task every_connect_to_a_service_without_endpoints_is_refused_and_reported_not_hung()
    {
        // Given
        LabRoot.Require();
        var name = LabRoot.UniqueName();
        var model = Path.Combine(Path.GetTempPath(), $"c80-{name}-model.json");
        await File.WriteAllTextAsync(model, Model, TestContext.Current.CancellationToken);
        try
        {
            var (upExit, _, upErr) = await RunAsync("lab", "up", "--name", name, "--model", model);
            upExit.Should().Be(0, upErr);

            // When
            var (exit, output, err) = await RunAsync("lab", "probe", "tcp", "ghost.shop:80", "--from", "shop/frontend-0",
                "--name", name, "--count", "3", "--timeout-ms", "10000", "--json");

            // Then
            err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThanOrEqualTo(1);
            output.Should().NotBeNullOrWhiteSpace(err);
            var samples = JsonDocument.Parse(output).RootElement.GetProperty("samples").EnumerateArray().ToList();
            samples.Should().HaveCount(3);
            samples.Should().OnlyContain(s => !s.GetProperty("ok").GetBoolean());
            samples.Should().OnlyContain(s => s.GetProperty("error").GetString()!.Contains("refused", StringComparison.OrdinalIgnoreCase)
                || s.GetProperty("error").GetString()!.Contains("unreachable", StringComparison.OrdinalIgnoreCase),
                "the filter table's REJECT answers at once; a timeout would mean the packet was silently dropped");
        }
        finally
        {
            await RunAsync("lab", "down", "--name", name);
            File.Delete(model);
        }

        await LabRoot.AssertNothingLeftAsync(name);
    }
}
