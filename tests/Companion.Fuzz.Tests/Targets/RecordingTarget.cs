using Companion.Cluster;
using Companion.Cluster.Recording;
using Companion.Core.Dns;
using Companion.Fuzz.Tests.Infra;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>
/// Opens a copy of a shipped recording with one file corrupted: manifest, API list JSON, node dumps or measurements.
/// The input is two header lines (which recording, which file) and the file's new content. Opening, mapping and reading
/// must succeed or fail with one <see cref="ClusterAccessException"/> line naming the file; anything else is a crash.
/// </summary>
internal static class RecordingTarget
{
    public const string Name = "recording";

    private const string RecordingHeader = "#fuzz-recording: ";
    private const string FileHeader = "#fuzz-file: ";

    private static readonly string[] JsonWords =
    [
        "{", "}", "[", "]", ":", ",", "null", "true", "false", "\"\"", "-1", "1e999", "\"items\"", "\"metadata\"", "\"name\"", "\"namespace\"",
        "\"spec\"", "\"status\"", "\"ports\"", "\"port\"", "\"targetPort\"", "\"clusterIP\"", "\"clusterIPs\"", "\"None\"", "\"endpoints\"",
        "\"addresses\"", "\"conditions\"", "\"ready\"", "\"labels\"", "\"selector\"", "\"kind\"", "\"apiVersion\"", "\"podIP\"", "\"nodeName\"",
        "\"capturedAt\"", "\"scenario\"", "\"result\"", "\"2026-11-30T07:39:45Z\"", "\"0001-01-01T00:00:00Z\"", "\"gitVersion\"", "\"data\"",
        "\"config.conf\"", "\"mode: ipvs\"", "\"kube-proxy\"", "\"containers\"", "\"args\"", "\"--proxy-mode=nftables\"", "\"\\u0000\"",
        "\"type\"", "\"intOrString\"", "\"http\"", "80", "\"80\"", "65536", "\"kubernetes.io/service-name\"", "\"Corefile\"",
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, WorkCopy>> Copies = new(() =>
        Directory.GetDirectories(RepoPaths.Recordings).Select(d => new WorkCopy(d)).ToDictionary(c => c.Recording, StringComparer.Ordinal));

    public static IEnumerable<FuzzTarget> All() =>
    [
        new(Name, [.. Copies.Value.Values.SelectMany(c => c.Seeds())], JsonWords, Check) { MutationShare = 10 },
    ];

    private static void Check(string input)
    {
        var lines = input.Split('\n', 3);
        var copy = Copies.Value.GetValueOrDefault(Header(lines, 0, RecordingHeader) ?? "") ?? Copies.Value.Values.First();
        var file = copy.KnownFile(Header(lines, 1, FileHeader));
        var content = lines.Length == 3 ? lines[2] : "";
        copy.With(file, content, () => Open(copy.Path).GetAwaiter().GetResult());
    }

    private static async Task Open(string dir)
    {
        try
        {
            var source = new RecordedClusterSource(new DirectoryInfo(dir));
            await source.GetSnapshotAsync(null, CancellationToken.None);
            var snapshot = await source.GetSnapshotAsync("demo", CancellationToken.None);
            foreach (var node in Directory.GetDirectories(Path.Combine(dir, "nodes")).Select(Path.GetFileName))
            {
                await source.GetNodeDumpAsync(node!, CancellationToken.None);
            }

            foreach (var measurement in source.Measurements.All())
            {
                measurement.ResultAs<DnsProbeRun>();
            }

            _ = snapshot.Services.Count + source.DnsRuns().Count;
        }
        catch (ClusterAccessException ex)
        {
            if (ex.Message.Contains('\n', StringComparison.Ordinal) || ex.Message.Length == 0)
            {
                throw new PropertyViolation("a recording error must be one line: " + ex.Message);
            }

            if (!ex.Message.Contains(dir, StringComparison.Ordinal) && !ex.Message.Contains(".json", StringComparison.Ordinal))
            {
                throw new PropertyViolation("a recording error must name the file or the recording: " + ex.Message);
            }
        }
    }

    private static string? Header(string[] lines, int index, string prefix) =>
        lines.Length > index && lines[index].StartsWith(prefix, StringComparison.Ordinal) ? lines[index][prefix.Length..].Trim() : null;

    /// <summary>A private copy of one shipped recording; one file at a time is replaced, then restored.</summary>
    private sealed class WorkCopy
    {
        private readonly Dictionary<string, string> _files;

        public WorkCopy(string original)
        {
            Recording = System.IO.Path.GetFileName(original);
            Path = Directory.CreateTempSubdirectory($"companion-fuzz-{Recording}-").FullName;
            _files = Directory.GetFiles(original, "*", SearchOption.AllDirectories)
                .ToDictionary(f => System.IO.Path.GetRelativePath(original, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
            foreach (var (relative, text) in _files)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.Combine(Path, relative))!);
                File.WriteAllText(System.IO.Path.Combine(Path, relative), text);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Path, recursive: true);
        }

        public string Recording { get; }

        public string Path { get; }

        /// <summary>Only files the recording really has: a mutated header never reaches outside the copy.</summary>
        public string KnownFile(string? name) => name is not null && _files.ContainsKey(name) ? name : "services.json";

        public IEnumerable<string> Seeds() => _files.Select(f => $"{RecordingHeader}{Recording}\n{FileHeader}{f.Key}\n{f.Value}");

        public void With(string file, string content, Action action)
        {
            var full = System.IO.Path.Combine(Path, file);
            File.WriteAllText(full, content);
            try
            {
                action();
            }
            finally
            {
                File.WriteAllText(full, _files[file]);
            }
        }
    }
}
