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
            // Given: `companion lab up` as a real child process, SIGKILLed right after its k-th progress line
            // (k = 1..19, one run per step, plus a random 0-40 ms so the kill lands inside the next step)
            LabRoot.Require();
            var companion = typeof(CompanionCli).Assembly.Location;
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? LabTools.Find("dotnet") ?? "dotnet";
            var ct = TestContext.Current.CancellationToken;
            var phases = new List<string>();
            var random = new Random(8);
            for (var run = 0; run < 20; run++)
            {
                var name = LabRoot.UniqueName();
                var step = 1 + (run % 19);
                var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { companion, "lab", "up", "--name", name })
                {
                    psi.ArgumentList.Add(a);
                }

                using (var up = Process.Start(psi)!)
                {
                    _ = up.StandardOutput.ReadToEndAsync(ct);
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    deadline.CancelAfter(TimeSpan.FromSeconds(60));
                    string? line;
                    while ((line = await up.StandardError.ReadLineAsync(deadline.Token)) is not null && !line.Contains($"[{step}/", StringComparison.Ordinal))
                    {
                    }

                    await Task.Delay(random.Next(0, 40), ct);
                    up.Kill();
                    await up.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
                }

                phases.Add($"{step}:{new LabStateStore().Load(name)?.Phase ?? "none"}");

                // When
                await new LabController().DownAsync(name, null, ct);

                // Then
                await LabRoot.AssertNothingLeftAsync(name);
            }

            TestContext.Current.SendDiagnosticMessage("step:phase at kill: " + string.Join(",", phases));
            phases.Should().Contain(p => p.EndsWith(LabController.PhaseCreating, StringComparison.Ordinal), "kills must land in the middle of up");
        }
    }
}
