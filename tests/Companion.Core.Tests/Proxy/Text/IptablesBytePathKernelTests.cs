using System.Text;
using Companion.Core.Proxy;
using Companion.Core.Tests.Proxy.Kernel;

namespace Companion.Core.Tests.Proxy.Text;

/// <summary>
/// The differential check on text the kernel printed: the generator's rules for every kind of Service loaded with
/// iptables-restore into a fresh namespace, printed back by iptables-save (with and without -c), parsed both ways.
/// Needs root; the namespace is removed whatever happens.
/// </summary>
[Collection("ipt-kernel")]
public sealed class IptablesBytePathKernelTests
{
    private static readonly string[] Tools = ["ip", "iptables-restore", "iptables-save"];

    [Fact]
    public async Task kernel_printed_dumps_parse_and_trace_the_same_from_bytes_and_from_text()
    {
        Assert.SkipWhen(NetnsLab.SkipReason(Tools) is not null, NetnsLab.SkipReason(Tools) ?? "");
        var ct = TestContext.Current.CancellationToken;

        // Given the rich scenario plus 300 more ClusterIP Services, loaded into the kernel and printed back
        var scenario = BytePathCases.Rich();
        for (var i = 0; i < 300; i++)
        {
            scenario.Service(ProxyScenario.ClusterIp($"bulk-{i}", $"10.97.{i / 200}.{(i % 200) + 1}"), ($"10.244.3.{(i % 250) + 1}", ProxyScenario.OtherNode, true));
        }

        await using var lab = NetnsLab.Create("iptb");
        var ns = await lab.AddNamespaceAsync("node", ct);
        var generated = KubeProxyIptablesGenerator.Generate(scenario.Build(), ProxyScenario.Options());
        (await lab.ExecAsync(ns, "iptables-restore", [], ct, generated)).EnsureSuccess("iptables-restore");
        var saved = (await lab.ExecAsync(ns, "iptables-save", [], ct)).EnsureSuccess("iptables-save").Stdout;
        var counted = (await lab.ExecAsync(ns, "iptables-save", ["-c"], ct)).EnsureSuccess("iptables-save -c").Stdout;

        foreach (var (name, text) in new[] { ("iptables-save", saved), ("iptables-save -c", counted) })
        {
            foreach (var variant in new[] { "lf", "crlf", "bom" })
            {
                var bytes = BytePathCases.Bytes(text, variant);

                // When
                var fromBytes = BytePath.Describe(BytePath.ParseBytes(bytes));
                var fromText = BytePath.Describe(BytePath.ParseText(bytes));

                // Then
                fromBytes.Should().Be(fromText, $"{name} {variant}");
                fromBytes.Should().Contain("bulk-299", "the kernel printed every Service back");
                BytePath.TracesAgree(bytes, $"{name} {variant}");
            }
        }

        BytePath.Packets(saved).Should().HaveCountGreaterThan(10, "the traces compared went to real Services");
        Encoding.UTF8.GetByteCount(saved).Should().BeGreaterThan(100_000);
    }
}
