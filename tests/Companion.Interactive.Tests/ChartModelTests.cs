using Companion.Core.Charts;
using Companion.Core.Dns;
using Companion.Core.Statistics;

namespace Companion.Interactive.Tests;

public static class ChartModelTests
{
    public sealed class Marks
    {
        [Fact]
        public void p50_p99_and_max_are_nearest_rank()
        {
            // Given 1..100 ms in a shuffled order
            var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

            // When marking them
            var marks = LatencyMarks.Of(samples);

            // Then nearest rank: p50 is the 50th value, p99 the 99th
            marks.Should().Be(new LatencyMarks(50, 99, 100, 100));
        }

        [Fact]
        public void no_samples_give_zero_marks_and_an_empty_ecdf()
        {
            // Given nothing (or only NaN)
            // When marking
            // Then zeros, not an exception
            LatencyMarks.Of([double.NaN]).Should().Be(new LatencyMarks(0, 0, 0, 0));
            LatencyMarks.Ecdf([]).Should().BeEmpty();
        }

        [Fact]
        public void the_ecdf_rises_to_one_over_sorted_samples()
        {
            // Given four samples
            // When building the ECDF
            var ecdf = LatencyMarks.Ecdf([4, 1, 3, 2]);

            // Then sorted values with fractions 1/4 … 1
            ecdf.Should().Equal((1, 0.25), (2, 0.5), (3, 0.75), (4, 1.0));
        }
    }

    public sealed class FromDns
    {
        [Fact]
        public void query_flow_conserves_every_query()
        {
            // Given a run of two lookups, each NXDOMAIN on a search domain then NOERROR
            var run = Run(
                [Query("web.demo.demo.svc.cluster.local", "NXDOMAIN"), Query("web.demo.svc.cluster.local", "NOERROR")],
                [Query("web.demo.demo.svc.cluster.local", "NXDOMAIN"), Query("web.demo.svc.cluster.local", "NOERROR")]);

            // When drawing where the queries went
            var flow = run.ToQueryFlow();

            // Then lookups → 2 names → 2 rcodes, and what enters each name leaves it
            flow.Nodes.Should().HaveCount(5);
            flow.Links.Where(l => l.From == 0).Sum(l => l.Value).Should().Be(4);
            flow.Links.Where(l => l.From == 1).Sum(l => l.Value).Should().Be(flow.Links.Single(l => l.From == 0 && l.To == 1).Value);
            flow.Source.Should().Be("test source");
        }

        [Fact]
        public void a_waterfall_has_one_step_per_wire_query_against_the_budget()
        {
            // Given one lookup of two queries
            var run = Run([Query("a.test", "NXDOMAIN", 1.5), Query("a", "NOERROR", 2.5)]);

            // When drawing it as a waterfall
            var waterfall = run.Samples[0].ToWaterfall("src");

            // Then two steps, 4 ms of the 80 ms budget
            waterfall.Steps.Should().HaveCount(2);
            waterfall.TotalMs.Should().Be(4);
            waterfall.BudgetMs.Should().Be(80);
        }

        private static DnsWireQuery Query(string name, string rcode, double ms = 1) =>
            new(DnsRecordType.A, name, rcode == "NOERROR" ? DnsOutcome.NoError : DnsOutcome.NxDomain, rcode, [], ms, 0, "127.0.0.1", false);

        private static DnsProbeRun Run(params DnsWireQuery[][] lookups)
        {
            var conf = ResolvConf.ClusterFirst("127.0.0.1", "demo");
            var request = new DnsProbeRequest("web.demo", conf, ResolverLibc.Glibc, lookups.Length);
            var samples = lookups.Select(q => new DnsProbeResult("web.demo", ResolverLibc.Glibc, q, [], DnsOutcome.NoError, q.Sum(x => x.Ms))).ToArray();
            return new DnsProbeRun(request, DnsQueryPlanner.Plan("web.demo", conf, ResolverLibc.Glibc), samples,
                Latency.Summarize(samples.Select(s => s.TotalMs).ToArray()), "test source");
        }
    }
}
