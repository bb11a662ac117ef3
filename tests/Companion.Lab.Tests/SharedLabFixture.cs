using Companion.Core.Lab;

namespace Companion.Lab.Tests;

/// <summary>One default lab (iptables mode) shared by the tests of a class; brought down, and checked clean, at the end.</summary>
public sealed class SharedLabFixture : IAsyncLifetime
{
    public string Name { get; } = LabRoot.UniqueName();

    public LabController Controller { get; } = new(proxyRules: LabProxyRules.Instance);

    public LabTopology? Topology { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (LabPrivileges.Missing(nftables: true) is null)
        {
            Topology = await Controller.UpAsync(new LabUpOptions(Name, LabDefaultModel.Json(), "default"), null, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Topology is not null)
        {
            await Controller.DownAsync(Name, null, CancellationToken.None);
            await LabRoot.AssertNothingLeftAsync(Name);
        }
    }

    public LabTopology Require()
    {
        LabRoot.Require();
        return Topology!;
    }
}
