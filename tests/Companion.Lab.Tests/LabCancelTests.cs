using System.Diagnostics;

namespace Companion.Lab.Tests;

[Collection("lab (root)")]
public sealed class LabCancelTests
{
    public sealed class Cancelling_up
    {
        [Fact]
        public async Task stops_promptly_and_removes_what_was_built_without_a_down()
        {
            // Given
            LabRoot.Require();
            var random = new Random(3);
            var stops = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                var name = LabRoot.UniqueName();
                var controller = new LabController(proxyRules: LabProxyRules.Instance);
                using var cts = new CancellationTokenSource();
                var up = controller.UpAsync(new LabUpOptions(name, LabDefaultModel.Json(), "default"), null, cts.Token);

                // When
                await Task.Delay(200 + random.Next(0, 1500), TestContext.Current.CancellationToken);
                var watch = Stopwatch.StartNew();
                await cts.CancelAsync();
                var act = async () => await up;

                // Then
                if (!up.IsCompletedSuccessfully)
                {
                    await act.Should().ThrowAsync<OperationCanceledException>();
                    stops.Add(watch.Elapsed.TotalSeconds);
                }
                else
                {
                    await controller.DownAsync(name, null, CancellationToken.None);
                }

                await LabRoot.AssertNothingLeftAsync(name);
            }

            TestContext.Current.SendDiagnosticMessage("cancel to return (incl. removal), s: " + string.Join(", ", stops.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
            stops.Should().NotBeEmpty("some cancels must land while up is running");
            stops.Should().OnlyContain(s => s < 10, "cancellation ends the work and the removal is bounded");
        }
    }
}
