using Companion.Core.Model;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabPacketTraceTests
{
    public sealed class One_real_connection
    {
        [Theory]
        [InlineData(ProxyMode.Iptables)]
        [InlineData(ProxyMode.Nftables)]
        public async Task walks_the_rules_the_static_tracer_predicted_and_lands_on_a_predicted_endpoint(ProxyMode mode)
        {
            // Given
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            try
            {
                var t = await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default", mode), null, ct);
                var frontend = t.Pods.Single(p => p.Deployment == "frontend");
                var backends = t.Pods.Where(p => p.Deployment == "backend").Select(p => $"{p.Ip}:8080").ToList();

                // When
                var trace = await LabPacketTracer.TraceAsync(t, frontend, "backend", 80, mode, ct);

                // Then
                TestContext.Current.SendDiagnosticMessage(string.Join("\n", trace.KernelHits.Select(h => $"{h.Table} {h.Chain} {h.Kind} {h.Verdict}")));
                trace.KernelHits.Should().NotBeEmpty();
                trace.KernelServiceChains.Should().NotBeEmpty();
                backends.Should().Contain(trace.KernelEndpoint);
                trace.AnsweredBy.Should().Be(trace.KernelEndpoint);
                trace.Prediction.Targets.Select(x => x.Endpoint).Should().BeEquivalentTo(backends);
                trace.Differences.Should().BeEmpty();
                trace.Conntrack.Should().Contain($"src={trace.KernelEndpoint!.Split(':')[0]}");
                trace.Routes.Should().NotBeEmpty();
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
            }

            await LabRoot.AssertNothingLeftAsync(name);
        }
    }

    public sealed class Comparing
    {
        [Fact]
        public void reports_a_dnat_target_the_prediction_did_not_contain()
        {
            // Given
            var hits = Core.Lab.KernelTraceParser.ParseXtables(
                " TRACE: 2 1 nat:KUBE-SEP-X:rule:0x32:ACCEPT  -4 -t nat -A KUBE-SEP-X -p tcp -m tcp -j DNAT --to-destination 10.0.0.9:80\n").Value;
            var prediction = new Core.Proxy.ServiceTrace(new Core.Proxy.PacketSpec("a", "b", "tcp", 80), Core.Proxy.TraceVerdict.Accept,
                [new Core.Proxy.EndpointTarget("10.0.0.1:80", 1, false)], ["KUBE-SERVICES"], [], [], "iptables-save");

            // When
            var differences = LabPacketTracer.Compare(hits, Core.Lab.KernelTraceParser.DnatTarget(hits), "10.0.0.9:80", prediction);

            // Then
            differences.Should().HaveCount(2);
            differences.Should().Contain(d => d.Contains("KUBE-SEP-X", StringComparison.Ordinal));
            differences.Should().Contain(d => d.Contains("10.0.0.9:80", StringComparison.Ordinal));
        }
    }
}
