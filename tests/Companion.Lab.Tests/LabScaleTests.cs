using Companion.Core.Model;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabScaleTests(SharedLabFixture lab) : IClassFixture<SharedLabFixture>
{
    [Fact]
    public async Task connects_to_the_first_and_last_of_many_services_then_restores_the_labs_rules()
    {
        // Given
        var t = lab.Require();
        var ct = TestContext.Current.CancellationToken;

        // When
        var points = await LabScale.MeasureAsync(t, ProxyMode.Iptables, 300, 20, null, ct);
        var dumps = await Task.WhenAll(t.Nodes.Select(n => LabRoot.InNetnsAsync(n.Netns, "iptables-save", "-t", "nat")));

        // Then: every connect through the 302 extra Service rules succeeded; afterwards only the lab's own Services remain
        points.Select(p => (p.Services, p.Position, p.Summary.Count, p.Failed)).Should().Equal((302, "first", 20, 0), (302, "last", 20, 0));
        points.Should().AllSatisfy(p => p.SamplesUs.Should().HaveCount(20).And.OnlyContain(us => us > 0));
        points.Should().AllSatisfy(p => p.SamplesUs.Max().Should().BeApproximately(p.Summary.MaxMs * 1000, 0.1));
        dumps.Should().OnlyContain(d => d.Stdout.Contains("shop/backend:http", StringComparison.Ordinal) && !d.Stdout.Contains("zzz/last", StringComparison.Ordinal) && !d.Stdout.Contains("scale/svc-", StringComparison.Ordinal));
    }
}
