using System.Globalization;
using System.Text;
using Companion.Core.Proxy;
using static Companion.Core.Tests.Proxy.Model.ModelScenario;

namespace Companion.Core.Tests.Proxy.Nft;

public sealed partial class NftByteListingTests
{
    /// <summary>
    /// A dump big enough (over 4 MB) that its bytes are read from a huge-page boundary (on Linux: an offset into a pinned
    /// array; elsewhere a plain array) must read exactly like the text readers, through a file.
    /// </summary>
    public sealed class On_a_dump_of_thousands_of_services
    {
        private static string SixThousandServices()
        {
            var snapshot = NftFixtures.Scenario();
            var services = snapshot.Services.ToList();
            var slices = snapshot.EndpointSlices.ToList();
            for (var i = 0; i < 6000; i++)
            {
                var name = "big" + i.ToString(CultureInfo.InvariantCulture);
                services.Add(Service(name, $"10.97.{i / 250}.{(i % 250) + 1}", Port("http", 80)));
                slices.Add(Slice(name, [SlicePort("http", 8080)], [.. Enumerable.Range(1, (i % 3) + 1).Select(k => Endpoint($"10.{244 + k}.{i / 250}.{(i % 250) + 1}", k % 2 == 0 ? OtherNode : Node))]));
            }

            return KubeProxyNftGenerator.Generate(Snapshot(services, slices), Options());
        }

        [Fact]
        public void reads_from_a_file_like_the_text_readers_and_traces_the_first_middle_and_last_service_alike()
        {
            // Given (a real file, read as `companion trace --rules FILE` reads it)
            var text = SixThousandServices();
            var file = Path.Combine(Path.GetTempPath(), $"companion-nft-big-{Guid.NewGuid():N}.nft");
            File.WriteAllText(file, text, new UTF8Encoding(false));
            try
            {
                // When
                var expected = NftRulesetParser.ParseText(text, "rules.nft", checkEveryRule: false);
                Companion.Core.Diagnostics.ParseResult<NftRuleset> actual;
                using (var stream = File.OpenRead(file))
                {
                    actual = NftRulesetParser.Parse(stream, "rules.nft");
                }

                // Then (the byte reader read it, and structure, lines, diagnostics and traces are the same)
                actual.Value.Tables.Should().AllSatisfy(t => t.Chains.Should().BeOfType<NftLazyChains>());
                PacketSpec[] packets =
                [
                    new("10.244.1.20", "10.97.0.1", "tcp", 80), new("10.244.1.20", "10.97.6.1", "tcp", 80),
                    new("10.244.1.20", "10.97.23.250", "tcp", 80), new("10.244.1.20", "10.97.23.250", "tcp", 81),
                    new("10.244.1.20", "10.97.24.1", "tcp", 80), new("192.0.2.9", "10.97.3.3", "udp", 80),
                ];
                foreach (var packet in packets)
                {
                    NftDifferential.Describe(NftTracer.Trace(actual.Value, packet)).Should().Be(NftDifferential.Describe(NftTracer.Trace(expected.Value, packet)));
                }

                NftTracer.Trace(actual.Value, packets[2]).Targets.Should().HaveCount(3);
                NftDifferential.Describe(actual).Should().Be(NftDifferential.Describe(expected));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void the_dump_bytes_of_a_file_over_four_megabytes_are_read_whole_from_a_huge_page_boundary_on_linux()
        {
            // Given
            var text = SixThousandServices();
            var bytes = new UTF8Encoding(false).GetBytes(text);

            // When
            var dump = DumpBytes.Read(new MemoryStream(bytes), out var error);

            // Then
            bytes.Length.Should().BeGreaterThan(4 * 1024 * 1024);
            error.Should().BeNull();
            dump!.Array.AsSpan(dump.Start, dump.End - dump.Start).SequenceEqual(bytes).Should().BeTrue();
            if (OperatingSystem.IsLinux())
            {
                dump.Start.Should().BeGreaterThan(0, "the dump starts at a 2 MB boundary inside the pinned array");
                (System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(dump.Array, dump.Start) % (2 * 1024 * 1024)).Should().Be(0);
            }
        }
    }
}
