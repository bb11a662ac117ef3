using Companion.Core.Model;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabClusterSourceTests(SharedLabFixture lab) : IClassFixture<SharedLabFixture>
{
    [Fact]
    public async Task returns_the_labs_objects_with_the_ips_it_assigned_and_the_rules_really_loaded()
    {
        // Given
        var t = lab.Require();
        var source = new LabClusterSource(lab.Name, lab.Controller);
        var ct = TestContext.Current.CancellationToken;

        // When
        var snapshot = await source.GetSnapshotAsync("shop", ct);
        var dump = await source.GetNodeDumpAsync("node-a", ct);

        // Then
        snapshot.Source.Should().Be(new SourceInfo(SourceKind.Lab, lab.Name));
        snapshot.Pods.Should().OnlyContain(p => p.Namespace == "shop").And.HaveCount(5);
        snapshot.Pods.Single(p => p.Name == "db-0").PodIp.Should().Be(t.FindPod("shop/db-0")!.Ip);
        var backendIp = t.Services.Single(s => s.Name == "backend").ClusterIp;
        snapshot.Services.Single(s => s.Name == "backend").ClusterIp.Should().Be(backendIp);
        dump!.IptablesSave.Should().Contain("KUBE-SERVICES").And.Contain($"-d {backendIp}/32");
        (await source.GetNodeDumpAsync("no-such-node", ct)).Should().BeNull();
    }
}
