namespace Companion.Cluster.Tests.Dns;

/// <summary>One dnsmasq on loopback for a whole test class (xunit class fixture).</summary>
public sealed class DnsmasqFixture : IAsyncLifetime
{
    private DnsmasqServer? _server;

    public DnsmasqServer Dnsmasq => _server ?? throw new InvalidOperationException("dnsmasq not started");

    public async ValueTask InitializeAsync()
    {
        if (TestProcess.Exists("dnsmasq"))
        {
            _server = await DnsmasqServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Skips the calling test when dnsmasq is not installed.</summary>
    public DnsmasqServer Require()
    {
        Assert.SkipWhen(_server is null, "dnsmasq is not installed (apt-get install dnsmasq)");
        return _server!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
