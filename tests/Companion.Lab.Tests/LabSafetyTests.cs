using System.Diagnostics;
using Companion.Cli;
using Companion.Core.Model;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabSafetyTests
{
    public sealed class Host_network
    {
        [Fact]
        public async Task sees_no_packet_from_the_labs_ranges_during_a_whole_lab_run()
        {
            // Given: tcpdump on every host interface, filtered on the lab's pod, Service and node ranges
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var controller = new LabController(proxyRules: LabProxyRules.Instance);
            var ct = TestContext.Current.CancellationToken;
            var dir = Directory.CreateTempSubdirectory("lab-leak-");
            var probed = 0;
            try
            {
                async Task FullRun(CancellationToken c)
                {
                    var t = await controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default", ProxyMode.Nftables), null, c);
                    var frontend = t.Pods.Single(p => p.Deployment == "frontend");
                    var run = await LabTcpProbe.ProbeAsync(t, frontend, "backend", 80, 50, TimeSpan.FromSeconds(2), c);
                    probed = run.Samples.Count(s => s.Ok);
                    await LabRoot.InNetnsAsync(frontend.Netns, "getent", "ahosts", "backend");
                    await controller.DownAsync(name, null, c);
                }

                // When
                var host = await LabCapture.CaptureAsync(null, "any", 1, TimeSpan.FromSeconds(60), Path.Combine(dir.FullName, "host.pcap"),
                    "net 10.244.0.0/16 or net 10.96.0.0/16 or net 172.18.0.0/24", FullRun, ct);

                // Then
                probed.Should().Be(50, "the lab really carried traffic while the host was watched");
                host.Packets.Should().BeEmpty();
            }
            finally
            {
                await controller.DownAsync(name, null, CancellationToken.None);
                dir.Delete(recursive: true);
            }

            await LabRoot.AssertNothingLeftAsync(name);
        }
    }

    public sealed class Without_privileges
    {
        [Fact]
        public async Task up_refuses_with_one_line_saying_what_is_missing()
        {
            // Given: the real CLI as user nobody with no capabilities
            LabRoot.Require();
            var setpriv = LabTools.Find("setpriv");
            Assert.SkipWhen(setpriv is null, "setpriv is not installed");
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? LabTools.Find("dotnet") ?? "dotnet";
            var name = LabRoot.UniqueName();
            // nobody may not be able to traverse the checkout (CI clones into a 0700 temp dir): run a world-readable copy.
            using var app = NobodyReadableCopy.Of(Path.GetDirectoryName(typeof(CompanionCli).Assembly.Location)!);
            var psi = new ProcessStartInfo(setpriv!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", dotnet, Path.Combine(app.Path, Path.GetFileName(typeof(CompanionCli).Assembly.Location)), "lab", "up", "--name", name })
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["HOME"] = "/tmp";

            // When
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            // Then
            process.ExitCode.Should().Be(1);
            (await stdout).Should().BeEmpty();
            (await stderr).Should().Be("companion: the lab needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces; run it with sudo, or use a recording.\n");
            await LabRoot.AssertNothingLeftAsync(name);
        }
    }
}
