using Companion.Cluster.Tests.ApiServer;

[assembly: AssemblyFixture(typeof(Companion.Cluster.Tests.NoMutationAudit))]

namespace Companion.Cluster.Tests;

/// <summary>
/// Runs after every test in the assembly: fails the run if any fake API server started without allow-changes ever saw
/// a POST, PUT, PATCH or DELETE. (Per-test checks assert the same for their own server.)
/// </summary>
public sealed class NoMutationAudit : IDisposable
{
    public void Dispose()
    {
        var mutations = ApiAudit.MutationsWithoutPermission;
        if (mutations.Count > 0)
        {
            throw new InvalidOperationException($"mutating requests reached a read-only API server: {string.Join(", ", mutations)}");
        }
    }
}
