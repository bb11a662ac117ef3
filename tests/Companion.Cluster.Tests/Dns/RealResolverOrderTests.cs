using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Cluster.Tests.Dns;

/// <summary>
/// The planner and the prober against the real thing: a getaddrinfo client linked with glibc (and musl) runs inside a
/// network namespace whose resolv.conf we control; dnsmasq's query log shows what the libc sent, in order.
/// </summary>
public sealed class RealResolverOrderTests(RealResolverFixture fixture) : IClassFixture<RealResolverFixture>
{
    public static TheoryData<ResolverLibc, int, string> Cases()
    {
        var data = new TheoryData<ResolverLibc, int, string>();
        foreach (var libc in new[] { ResolverLibc.Glibc, ResolverLibc.Musl })
        {
            foreach (var name in new[] { "web", "web.demo", "web.demo.svc.cluster.local", "example.com", "example.com.", "nodata", "missing" })
            {
                data.Add(libc, 5, name);
            }

            foreach (var name in new[] { "web", "web.demo", "example.com", "missing.example" })
            {
                data.Add(libc, 1, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task the_plan_and_the_probe_send_what_the_libc_sends(ResolverLibc libc, int ndots, string name)
    {
        // Given the pod resolv.conf inside the namespace and the same zone on a loopback dnsmasq for the probe
        fixture.Require(musl: libc == ResolverLibc.Musl);
        var ct = TestContext.Current.CancellationToken;
        var inside = fixture.InsideDnsmasq!;
        var loopback = fixture.LoopbackDnsmasq!;
        var podConf = new ResolvConf(["127.0.0.1"], DnsTestZone.Search, Ndots: ndots, TimeoutSeconds: 2, Attempts: 1);
        fixture.WriteResolvConf(podConf.ToFileText());
        var client = libc == ResolverLibc.Glibc ? fixture.GlibcClient! : fixture.MuslClient!;

        // When the real libc resolves the name
        var before = (await inside.SettledQueriesAsync(ct)).Count;
        var (exitCode, addresses) = await fixture.ResolveAsync(client, name, ct);
        var real = (await inside.SettledQueriesAsync(ct)).Skip(before).ToArray();

        // and the companion plans and probes it
        var plan = DnsQueryPlanner.Plan(name, podConf, libc);
        var probeBefore = (await loopback.SettledQueriesAsync(ct)).Count;
        var probe = await DnsProbeService.CreateProber().LookupAsync(
            new DnsProbeRequest(name, podConf with { Nameservers = [loopback.Server] }, libc), ct);
        var probeWire = (await loopback.SettledQueriesAsync(ct, probeBefore + probe.Queries.Count)).Skip(probeBefore).ToArray();

        // Then the real order is a prefix of the plan, and the probe stopped exactly where the libc stopped
        real.Should().NotBeEmpty();
        plan.Queries.Take(real.Length).Should().Equal(real, "the plan must list the libc's queries in the libc's order");
        probe.Queries.Select(q => new PlannedQuery(q.Type, q.Name)).Should().Equal(real);
        Candidates(probeWire).Should().Equal(Candidates(real), "the probe's packets must reach the server candidate by candidate");
        probeWire.Should().BeEquivalentTo(real);
        (exitCode == 0).Should().Be(probe.Outcome == DnsOutcome.NoError);
        if (exitCode == 0)
        {
            addresses.Distinct().Should().BeEquivalentTo(probe.Addresses);
        }
    }

    private static IEnumerable<string> Candidates(IEnumerable<PlannedQuery> queries)
    {
        string? last = null;
        foreach (var q in queries)
        {
            if (q.Name != last)
            {
                yield return q.Name;
            }

            last = q.Name;
        }
    }
}
