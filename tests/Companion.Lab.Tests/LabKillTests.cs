using System.Diagnostics;
using Companion.Cli;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabKillTests
{
    public sealed class Killing_up_part_way
    {
        [Fact]
        public async Task then_down_still_removes_everything_in_twenty_runs()
        {
            // Given: `companion lab up` as a real child process, SIGKILLed at spread-out moments of its run
            LabRoot.Require();
            var companion = typeof(CompanionCli).Assembly.Location;
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var ct = TestContext.Current.CancellationToken;
            var phases = new List<string>();
            var random = new Random(8);
            for (var run = 0; run < 20; run++)
            {
                var name = LabRoot.UniqueName();
                var delay = TimeSpan.FromMilliseconds(150 + random.Next(0, 3200));
                var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { companion, "lab", "up", "--name", name })
                {
                    psi.ArgumentList.Add(a);
                }

                using (var up = Process.Start(psi)!)
                {
                    _ = up.StandardOutput.ReadToEndAsync(ct);
                    _ = up.StandardError.ReadToEndAsync(ct);
                    await Task.Delay(delay, ct);
                    up.Kill();
                    await up.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
                }

                phases.Add(new LabStateStore().Load(name)?.Phase ?? "none");

                // When
                await new LabController().DownAsync(name, null, ct);

                // Then
                await LabRoot.AssertNothingLeftAsync(name);
            }

            TestContext.Current.SendDiagnosticMessage("phases at kill: " + string.Join(",", phases));
            phases.Should().Contain(LabController.PhaseCreating, "some kills must land in the middle of up");
        }
    }
}
