using System.Security.Cryptography;
using System.Text;

namespace Companion.Fuzz.Tests.Infra;

/// <summary>
/// corpus/&lt;target&gt;/: <c>seed-*.txt</c> (hand-made seeds) and <c>crash-*.txt</c> (inputs that once crashed), all replayed
/// on every run. A <c>crash-X.skip</c> next to <c>crash-X.txt</c> marks a known finding owned by someone else: line 1 is the
/// crash signature, line 2 the reason (naming the entry in fuzz-findings.md).
/// </summary>
internal static class Corpus
{
    public static string Directory(string target) => Path.Combine(RepoPaths.Corpus, target);

    public static IReadOnlyList<string> Files(string target) =>
        System.IO.Directory.Exists(Directory(target))
            ? [.. System.IO.Directory.GetFiles(Directory(target), "*.txt").Order(StringComparer.Ordinal)]
            : [];

    public static IEnumerable<string> Inputs(string target) => Files(target).Select(File.ReadAllText);

    /// <summary>The signatures of known, skipped findings of a target.</summary>
    public static IReadOnlySet<string> KnownSignatures(string target) =>
        System.IO.Directory.Exists(Directory(target))
            ? System.IO.Directory.GetFiles(Directory(target), "*.skip").Select(f => File.ReadLines(f).FirstOrDefault() ?? "").ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    /// <summary>The skip reason of a corpus file, or null when it is an active regression test.</summary>
    public static string? SkipReason(string file)
    {
        var skip = Path.ChangeExtension(file, ".skip");
        return File.Exists(skip) ? string.Join(" ", File.ReadLines(skip).Skip(1)).Trim() : null;
    }

    /// <summary>Writes a crashing input as crash-&lt;hash&gt;.txt (same input, same file) and returns its path.</summary>
    public static string WriteCrash(string target, string input)
    {
        input = Mutator.Decodable(input);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..12];
        var dir = System.IO.Directory.CreateDirectory(Directory(target)).FullName;
        var path = Path.Combine(dir, $"crash-{hash}.txt");
        File.WriteAllText(path, input);
        return path;
    }
}
