using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Text;

/// <summary>Reading a whole dump: a big file's two halves are read at once (positional reads); the bytes must be exact.</summary>
public sealed class DumpBytesTests
{
    private static string TempFile(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"companion-dump-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = (byte)'x'; // no byte-order mark: the reader would drop or transcode it
        return bytes;
    }

    public sealed class From_a_file_over_four_megabytes
    {
        [Theory]
        [InlineData(4 * 1024 * 1024)]
        [InlineData((9 * 1024 * 1024) + 7)]
        public void every_byte_is_read_in_order_and_the_stream_is_left_at_its_end(int length)
        {
            // Given
            var bytes = Random(length, length);
            var path = TempFile(bytes);
            try
            {
                using var stream = File.OpenRead(path);

                // When
                var dump = DumpBytes.Read(stream, out var error);

                // Then
                error.Should().BeNull();
                dump!.Array.AsSpan(dump.Start, dump.End - dump.Start).SequenceEqual(bytes).Should().BeTrue();
                stream.Position.Should().Be(length);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void a_stream_already_moved_on_is_read_from_where_it_stands()
        {
            // Given
            var bytes = Random((6 * 1024 * 1024) + 3, 42);
            var path = TempFile(bytes);
            try
            {
                using var stream = File.OpenRead(path);
                stream.Position = 1000;

                // When
                var dump = DumpBytes.Read(stream, out _);

                // Then
                dump!.Array.AsSpan(dump.Start, dump.End - dump.Start).SequenceEqual(bytes.AsSpan(1000)).Should().BeTrue();
                stream.Position.Should().Be(bytes.Length);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
