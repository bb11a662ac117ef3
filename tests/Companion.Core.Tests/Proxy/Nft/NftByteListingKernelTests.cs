using System.Text;
using Companion.Core.Diagnostics;
using Companion.Core.Proxy;
using Companion.Core.Tests.Proxy.Kernel;

namespace Companion.Core.Tests.Proxy.Nft;

/// <summary>
/// The byte listing reader on text the kernel printed (root; skipped otherwise): the generator's rules loaded with
/// <c>nft -f</c> into a fresh network namespace (prefix "nftlz"), listed back with and without handles, then read by
/// the byte reader (from a string and from a file) and by the text readers: same structure, lines and traces.
/// </summary>
public sealed class NftByteListingKernelTests
{
    [Fact]
    public async Task the_kernel_listing_reads_and_traces_like_the_text_readers()
    {
        var skip = NetnsLab.SkipReason("ip", "nft");
        Assert.SkipWhen(skip is not null, skip ?? "");

        // Given the kernel's listings of the generator's text (with and without handles)
        var ct = TestContext.Current.CancellationToken;
        await using var lab = NetnsLab.Create("nftlz");
        var node = await lab.AddNamespaceAsync("node", ct);
        (await lab.ExecAsync(node, "nft", ["-f", "-"], ct, NftDifferential.Generated())).EnsureSuccess("nft -f");
        var listings = new[]
        {
            (await lab.ExecAsync(node, "nft", ["list", "ruleset"], ct)).EnsureSuccess("nft list ruleset").Stdout,
            (await lab.ExecAsync(node, "nft", ["-a", "list", "ruleset"], ct)).EnsureSuccess("nft -a list ruleset").Stdout,
        };
        var file = Path.Combine(Path.GetTempPath(), $"companion-nftlz-{Guid.NewGuid():N}.txt");
        try
        {
            foreach (var text in listings)
            {
                // When
                var expected = NftRulesetParser.ParseText(text, "node", checkEveryRule: true);
                var fromString = NftRulesetParser.Parse(text, "node", checkEveryRule: true);
                await File.WriteAllTextAsync(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
                ParseResult<NftRuleset> fromFile;
                await using (var stream = File.OpenRead(file))
                {
                    fromFile = NftRulesetParser.Parse(stream, "node", checkEveryRule: true);
                }

                // Then
                expected.Diagnostics.Should().BeEmpty("the text readers understand every rule the kernel printed");
                fromFile.Value.Tables.Should().ContainSingle().Which.Chains.Should().BeOfType<NftLazyChains>();
                NftDifferential.Describe(fromString).Should().Be(NftDifferential.Describe(expected));
                NftDifferential.Describe(fromFile).Should().Be(NftDifferential.Describe(expected));
                var (expectedTraces, actualTraces) = NftDifferential.Traces(text, expected.Value, fromFile.Value);
                actualTraces.Should().Equal(expectedTraces);
                actualTraces.Should().Contain(t => t.Contains(": Dnat", StringComparison.Ordinal)).And.Contain(t => t.Contains(": Reject", StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
