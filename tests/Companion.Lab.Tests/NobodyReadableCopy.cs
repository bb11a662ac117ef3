namespace Companion.Lab.Tests;

/// <summary>A copy of a build output folder under /tmp that any user can read and traverse; removed on dispose.</summary>
internal sealed class NobodyReadableCopy : IDisposable
{
    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private NobodyReadableCopy(string path) => Path = path;

    public string Path { get; }

    public static NobodyReadableCopy Of(string sourceDir)
    {
        var target = Directory.CreateTempSubdirectory("companion-nobody-").FullName;
        File.SetUnixFileMode(target, DirMode);
        foreach (var file in Directory.EnumerateFiles(sourceDir, "*", SearchOption.TopDirectoryOnly))
        {
            var copy = System.IO.Path.Combine(target, System.IO.Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, FileMode);
        }

        return new NobodyReadableCopy(target);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
