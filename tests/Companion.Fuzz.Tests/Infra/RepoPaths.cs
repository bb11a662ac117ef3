namespace Companion.Fuzz.Tests.Infra;

/// <summary>Where the repository and this project's corpus are, found from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>tests/Companion.Fuzz.Tests/corpus in the source tree (crash files are written here, not into bin/).</summary>
    public static string Corpus => Path.Combine(Root, "tests", "Companion.Fuzz.Tests", "corpus");

    public static string Recordings => Path.Combine(Root, "notebooks", "recordings");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Companion.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Companion.sln not found above " + AppContext.BaseDirectory);
    }
}
