using Companion.Cluster;
using Companion.Lab.Chapters;

namespace Companion.Lab.Tests.Chapters;

/// <summary>
/// The chapters' setup in one library call: on the shipped recording (real files in notebooks/recordings/lab-default), and on a
/// real lab (root; its own name; always taken down).
/// </summary>
public sealed class ChapterSessionTests
{
    private static string NotebooksDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Companion.sln")))
            {
                return Path.Combine(dir.FullName, "notebooks");
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    public sealed class On_the_recording
    {
        [Fact]
        public async Task the_lab_is_never_touched_and_the_shipped_recording_is_the_cluster()
        {
            // Given the recording source, chosen from the notebooks folder
            var session = ChapterSession.Choose(" Recording ", "nolabhere", NotebooksDir());

            // When the setup cell's lab step and the last cell's clean-up run
            await session.OpenLabAsync(TestContext.Current.CancellationToken);
            var closing = await session.CloseAsync(TestContext.Current.CancellationToken);
            var snapshot = await session.ClusterSource().GetSnapshotAsync(null, TestContext.Current.CancellationToken);

            // Then no lab was used, and the recording answers with the lab's pods
            session.Source.Should().Be("recording");
            session.Topology.Should().BeNull();
            session.LabWasUp.Should().BeFalse();
            closing.Should().Be("no lab was used: nothing to restore (source recording)");
            session.SourceLine.Should().StartWith("source: recording — this chapter measures on the lab");
            snapshot.Pods.Should().Contain(p => p.Namespace == "shop" && p.Name == "frontend-0");
            (await new LabController().StatusAsync("nolabhere", TestContext.Current.CancellationToken)).Up.Should().BeFalse();
        }

        [Fact]
        public void a_recorded_stall_is_read_with_its_label_and_its_answered_samples()
        {
            // Given the recording source
            var session = ChapterSession.Choose("recording", null, NotebooksDir());

            // When the stall under the dns-second-packet fault is read
            var stall = session.Recorded("dns-stall-default");

            // Then it carries the 5 s timer, and the label names the recording and the CLI twin
            stall.Should().NotBeNull();
            ChapterHelpers.RecordedMs(stall!).Should().NotBeEmpty().And.Contain(ms => ms > 4_500);
            session.RecordedLabel(stall!).Should().MatchRegex(@"^recorded \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC from lab-default \(dns-stall-default: .+\)");
            session.Recorded("no-such-measurement").Should().BeNull();
            ChapterHelpers.RecordedText(session.Recorded("cmd-route-show-node")!).Should().NotBeEmpty();
        }

        [Fact]
        public void recorded_measurements_are_only_replayed_on_the_recording_source()
        {
            // Given the lab source (never opened)
            var session = ChapterSession.Choose("lab", "nolabhere", NotebooksDir());

            // When / Then: nothing recorded stands in for a lab measurement, and a cell without data says so in one line
            session.Recorded("dns-stall-default").Should().BeNull();
            session.NoLab("the 5 s DNS stall").Should().Be("the 5 s DNS stall: needs the lab (Linux + root); source is lab, and this recording carries no lab measurement of this.");
        }

        [Fact]
        public void an_unknown_source_is_a_one_line_cluster_error()
        {
            // Given
            var session = ChapterSession.Choose("minikube", null, NotebooksDir());

            // When
            var act = () => session.ClusterSource();

            // Then
            act.Should().Throw<ClusterAccessException>().WithMessage("COMPANION_SOURCE must be lab, recording or live, not 'minikube'");
        }

        [Fact]
        public void a_chosen_source_replaces_the_default_and_a_blank_one_keeps_it()
        {
            // Given
            var session = ChapterSession.Choose("recording", null, NotebooksDir());

            // When / Then
            session.WithSource("  ").Source.Should().Be("recording");
            session.WithSource("LIVE").Source.Should().Be("live");
        }
    }

    public sealed class Helpers
    {
        [Fact]
        public void a_table_encodes_every_header_and_value()
        {
            // Given values that are HTML
            var html = ChapterHelpers.Table(["<b>pod</b>"], [["<script>x</script>"], [null]]);

            // Then nothing is markup but the table itself
            html.Should().Be("<table><thead><tr><th style=\"text-align:left\">&lt;b&gt;pod&lt;/b&gt;</th></tr></thead><tbody>"
                + "<tr><td style=\"text-align:left\"><code>&lt;script&gt;x&lt;/script&gt;</code></td></tr>"
                + "<tr><td style=\"text-align:left\"><code></code></td></tr></tbody></table>");
        }

        [Fact]
        public void within_gives_a_token_that_fires_later_not_now()
        {
            // When
            var token = ChapterHelpers.Within(30);

            // Then
            token.CanBeCanceled.Should().BeTrue();
            token.IsCancellationRequested.Should().BeFalse();
        }
    }

    [Collection("lab (root)")]
    public sealed class On_a_real_lab
    {
        [Fact]
        public async Task the_lab_is_brought_up_once_faults_are_cleared_and_it_is_left_as_found()
        {
            // Given a lab name of our own, down
            LabRoot.Require();
            var name = LabRoot.UniqueName();
            var ct = TestContext.Current.CancellationToken;
            var labs = new LabController(proxyRules: LabProxyRules.Instance);
            try
            {
                // When a chapter opens the lab source, a fault is injected, and a second chapter opens it
                var first = ChapterSession.Choose("lab", name, NotebooksDir(), labs);
                await first.OpenLabAsync(ct);
                await LabFaults.ApplyAsync(first.Topology!, new LabFault(LabFaultKind.DnsSecondPacket), ct);
                var injected = (await LabRoot.InNetnsAsync(first.Topology!.Nodes[0].Netns, "nft", "list", "ruleset")).Stdout;
                var second = ChapterSession.Choose("lab", name, NotebooksDir(), labs);
                await second.OpenLabAsync(ct);
                var rulesets = new List<string>();
                foreach (var node in second.Topology!.Nodes)
                {
                    rulesets.Add((await LabRoot.InNetnsAsync(node.Netns, "nft", "list", "ruleset")).Stdout);
                }

                // Then the first brought it up, the second found it up with the fault's nft rule gone from every node
                first.LabWasUp.Should().BeFalse();
                injected.Should().Contain("ct original packets 2");
                first.Topology!.FindPod(ChapterSession.ShopClientPod).Should().NotBeNull();
                second.LabWasUp.Should().BeTrue();
                second.SourceLine.Should().StartWith($"source: lab {name} (was already up), 2 nodes");
                rulesets.Should().HaveCount(2).And.AllSatisfy(r => r.Should().NotContain("ct original packets 2"));

                // When each chapter closes, the later one first
                (await second.CloseAsync(ct, ChapterSession.ShopClientPod)).Should().Be($"lab {name}: faults cleared; left up, as it was found");
                (await labs.StatusAsync(name, ct)).Up.Should().BeTrue();
                (await first.CloseAsync(ct)).Should().Be($"lab {name}: faults cleared; taken down again");
            }
            finally
            {
                await labs.DownAsync(name, null, CancellationToken.None);
            }

            // Then the one that brought it up took it down
            await LabRoot.AssertNothingLeftAsync(name);
        }
    }
}
