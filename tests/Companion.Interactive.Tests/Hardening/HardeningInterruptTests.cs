using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests.Hardening;

/// <summary>
/// Issue 8, in-process: a cell that would hang (a DNS server that never answers: a bound UDP socket that reads nothing) is
/// cancelled the way a front end interrupts it (the kernel's <see cref="Cancel"/> command), stops long before its work
/// would have, and the next cell in the same kernel works. The bound is one per-query timeout (5 s): without cancellation
/// the cell would run 1000 x 5 s. The measured figure is written to the test output.
/// </summary>
public static class HardeningInterruptTests
{
    [Collection(PackedKernelCollection.Name)]
    public sealed class Interrupting_a_cell(PackedKernel kernel)
    {
        [Theory]
        [InlineData("probe", "--count 1000 --timeout-ms 5000")]
        [InlineData("compare", "--count 1000")]
        public async Task against_a_dns_server_that_never_answers_stops_it_and_the_next_cell_works(string subcommand, string options)
        {
            // Given a UDP socket that never answers, and a cell that sends it 1000 lookups of 5 s each
            using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
            var cell = kernel.RunAsync($"#!dns {subcommand} x.test --server 127.0.0.1:{port} {options}");
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            cell.IsCompleted.Should().BeFalse("the cell must still be waiting for its silent server");

            // When the front end interrupts it
            var clock = Stopwatch.StartNew();
            await kernel.Kernel.SendAsync(new Cancel());
            var finished = await Task.WhenAny(cell, Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
            clock.Stop();
            TestContext.Current.SendDiagnosticMessage($"#!dns {subcommand}: cancel -> cell finished in {clock.ElapsedMilliseconds} ms");

            // Then the cell finished within one query timeout, as a failure
            finished.Should().BeSameAs(cell, $"the cell must stop on cancel (waited {clock.ElapsedMilliseconds} ms)");
            (await cell).Events.Should().ContainItemsAssignableTo<CommandFailed>();

            // And the next cell works
            var next = await kernel.RunAsync("#!dns plan kubernetes.default");
            next.Failure().Should().BeNull();
            next.LastHtml().Should().Contain("kubernetes.default.svc.cluster.local");
        }
    }
}
