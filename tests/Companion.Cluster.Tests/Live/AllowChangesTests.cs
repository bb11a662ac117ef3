using Companion.Cluster.Live;
using Companion.Cluster.Tests.ApiServer;

namespace Companion.Cluster.Tests.Live;

public sealed class AllowChangesTests : IAsyncLifetime
{
    private readonly TestCertificate _certificate = new();
    private FakeApiServer _server = null!;
    private TestKubeconfig _kubeconfig = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync(_certificate, LiveServerFixture.RecordingDirectory, TestKubeconfig.CanaryToken, allowChanges: true);
        _kubeconfig = new TestKubeconfig(_server.BaseUri, _certificate.CaData);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _kubeconfig.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public async Task with_allow_changes_the_debug_pod_is_created_read_and_deleted()
    {
        // Given
        _server.DebugPodLog = "### companion:iptables-save\n*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n### companion:nft\n### companion:ipvsadm\nsh: ipvsadm: not found\n### companion:resolv.conf\nnameserver 10.0.0.2\n";
        using var source = LiveClusterSource.Connect(new LiveClusterOptions { KubeconfigPath = _kubeconfig.Path, AllowChanges = true });

        // When
        var dump = await source.GetNodeDumpAsync("node-a", TestContext.Current.CancellationToken);

        // Then
        dump!.IptablesSave.Should().Be("*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n");
        dump.ResolvConf.Should().Be("nameserver 10.0.0.2\n");
        _server.Requests.Select(r => r.Method).Should().Equal("POST", "GET", "GET", "DELETE");
        _server.CreatedPods.Should().BeEmpty();
    }
}
