namespace Companion.Interactive.Tests;

/// <summary>Where the repository, its local feed and its scripts are, found from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Feed => Path.Combine(Root, "artifacts", "packages");

    /// <summary>The version scripts/pack.sh packed last.</summary>
    public static string PackedVersion()
    {
        var file = Path.Combine(Feed, "companion-version.txt");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} is missing: run scripts/pack.sh first (scripts/test.sh does).");
        }

        return File.ReadAllText(file).Trim();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Companion.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Companion.sln not found above " + AppContext.BaseDirectory);
    }
}
