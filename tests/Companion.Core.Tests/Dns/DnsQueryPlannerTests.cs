using Companion.Core.Dns;

namespace Companion.Core.Tests.Dns;

public sealed class DnsQueryPlannerTests
{
    private static readonly ResolvConf Pod = ResolvConf.ClusterFirst("10.96.0.10", "demo");

    private static string[] Candidates(string name, ResolverLibc libc, int ndots = 5) =>
        DnsQueryPlanner.Plan(name, Pod with { Ndots = ndots }, libc).Candidates.ToArray();

    public sealed class Glibc
    {
        [Theory]
        [InlineData("web", 5, "web.demo.svc.cluster.local|web.svc.cluster.local|web.cluster.local|web")]
        [InlineData("web.demo", 5, "web.demo.demo.svc.cluster.local|web.demo.svc.cluster.local|web.demo.cluster.local|web.demo")]
        [InlineData("web.demo.svc.cluster.local", 5, "web.demo.svc.cluster.local.demo.svc.cluster.local|web.demo.svc.cluster.local.svc.cluster.local|web.demo.svc.cluster.local.cluster.local|web.demo.svc.cluster.local")]
        [InlineData("web.demo.svc.cluster.local.", 5, "web.demo.svc.cluster.local")]
        [InlineData("example.com", 1, "example.com|example.com.demo.svc.cluster.local|example.com.svc.cluster.local|example.com.cluster.local")]
        [InlineData("web", 1, "web.demo.svc.cluster.local|web.svc.cluster.local|web.cluster.local|web")]
        [InlineData("web", 0, "web|web.demo.svc.cluster.local|web.svc.cluster.local|web.cluster.local")]
        [InlineData("a.b.c.d.e.f", 5, "a.b.c.d.e.f|a.b.c.d.e.f.demo.svc.cluster.local|a.b.c.d.e.f.svc.cluster.local|a.b.c.d.e.f.cluster.local")]
        public void orders_candidates_by_dots_and_ndots(string name, int ndots, string expected)
        {
            // Given / When
            var candidates = Candidates(name, ResolverLibc.Glibc, ndots);

            // Then
            candidates.Should().Equal(expected.Split('|'));
        }

        [Fact]
        public void asks_a_then_aaaa_for_every_candidate_in_parallel_by_default()
        {
            // Given / When
            var plan = DnsQueryPlanner.Plan("web", Pod, ResolverLibc.Glibc);

            // Then
            plan.Queries.Should().HaveCount(8);
            plan.Queries.Take(2).Should().Equal(new PlannedQuery(DnsRecordType.A, "web.demo.svc.cluster.local"), new PlannedQuery(DnsRecordType.AAAA, "web.demo.svc.cluster.local"));
            plan.ParallelPairs.Should().BeTrue();
            plan.Explanation.Should().Contain("0 dot(s) < ndots 5").And.Contain("Up to 8 queries");
        }

        [Theory]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public void single_request_options_make_the_pair_sequential(bool singleRequest, bool reopen)
        {
            // Given / When
            var plan = DnsQueryPlanner.Plan("web", Pod with { SingleRequest = singleRequest, SingleRequestReopen = reopen }, ResolverLibc.Glibc);

            // Then
            plan.ParallelPairs.Should().BeFalse();
            plan.Queries.Should().HaveCount(8);
        }

        [Fact]
        public void a_single_type_asks_only_that_type()
        {
            // Given / When
            var plan = DnsQueryPlanner.Plan("_http._tcp.web", Pod, ResolverLibc.Glibc, DnsRecordType.SRV);

            // Then
            plan.Queries.Should().HaveCount(4).And.OnlyContain(q => q.Type == DnsRecordType.SRV);
            plan.ParallelPairs.Should().BeFalse();
        }

        [Theory]
        [InlineData(DnsOutcome.NxDomain, true)]
        [InlineData(DnsOutcome.NoData, true)]
        [InlineData(DnsOutcome.ServFail, true)]
        [InlineData(DnsOutcome.Refused, false)]
        [InlineData(DnsOutcome.Timeout, false)]
        public void continues_after_nxdomain_nodata_and_servfail_only(DnsOutcome outcome, bool continues)
        {
            DnsQueryPlanner.ContinuesAfter(ResolverLibc.Glibc, outcome).Should().Be(continues);
        }
    }

    public sealed class Musl
    {
        [Theory]
        [InlineData("web", 5, "web.demo.svc.cluster.local|web.svc.cluster.local|web.cluster.local|web")]
        [InlineData("web.demo.svc.cluster.local", 5, "web.demo.svc.cluster.local.demo.svc.cluster.local|web.demo.svc.cluster.local.svc.cluster.local|web.demo.svc.cluster.local.cluster.local|web.demo.svc.cluster.local")]
        [InlineData("web.demo", 1, "web.demo")]
        [InlineData("example.com", 1, "example.com")]
        [InlineData("example.com.", 5, "example.com")]
        [InlineData("a.b.c.d.e.f", 5, "a.b.c.d.e.f")]
        public void uses_the_name_as_is_only_when_it_has_enough_dots(string name, int ndots, string expected)
        {
            // Given / When
            var candidates = Candidates(name, ResolverLibc.Musl, ndots);

            // Then
            candidates.Should().Equal(expected.Split('|'));
        }

        [Fact]
        public void ignores_single_request_options()
        {
            // Given / When
            var plan = DnsQueryPlanner.Plan("web", Pod with { SingleRequestReopen = true }, ResolverLibc.Musl);

            // Then
            plan.ParallelPairs.Should().BeTrue();
        }

        [Theory]
        [InlineData(DnsOutcome.NxDomain, true)]
        [InlineData(DnsOutcome.NoData, false)]
        [InlineData(DnsOutcome.ServFail, false)]
        public void continues_after_nxdomain_only(DnsOutcome outcome, bool continues)
        {
            DnsQueryPlanner.ContinuesAfter(ResolverLibc.Musl, outcome).Should().Be(continues);
        }
    }

    public sealed class Edge_cases
    {
        [Fact]
        public void an_empty_name_plans_nothing()
        {
            DnsQueryPlanner.Plan("  ", Pod, ResolverLibc.Glibc).Queries.Should().BeEmpty();
        }

        [Fact]
        public void no_search_list_means_the_name_only()
        {
            // Given / When
            var plan = DnsQueryPlanner.Plan("web", new ResolvConf(["10.0.0.1"], []), ResolverLibc.Glibc);

            // Then
            plan.Candidates.Should().Equal("web");
        }

        [Fact]
        public void a_root_search_domain_tries_the_bare_name_in_its_place_once()
        {
            // Given / When
            var plan = DnsQueryPlanner.Plan("web", new ResolvConf(["10.0.0.1"], ["a.example", ".", "b.example"]), ResolverLibc.Glibc);

            // Then
            plan.Candidates.Should().Equal("web.a.example", "web", "web.b.example");
        }
    }
}
