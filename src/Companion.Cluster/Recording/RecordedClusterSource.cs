using Companion.Cluster.Mapping;
using Companion.Cluster.Sources;
using Companion.Core.Model;

namespace Companion.Cluster.Recording;

/// <summary>
/// Replays a recording: manifest.json, the raw API list JSON, optional <c>nodes/&lt;node&gt;/</c> dumps and <c>dns/*.jsonl</c>.
/// Maps through <see cref="KubeMapper"/>, the same code as live data. A bad or missing file is one
/// <see cref="ClusterAccessException"/> line naming the file.
/// </summary>
public sealed class RecordedClusterSource : IClusterSource
{
    private readonly DirectoryInfo _directory;

    public RecordedClusterSource(DirectoryInfo directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory;
        directory.Refresh();
        if (!directory.Exists)
        {
            throw ClusterAccessException.BadRecording(directory.FullName, "directory not found");
        }

        var manifestPath = Path.Combine(directory.FullName, RecordingManifest.FileName);
        var text = ReadRequired(manifestPath);
        var parsed = RecordingManifest.Parse(text, manifestPath);
        Manifest = parsed.Value ?? throw ClusterAccessException.BadRecording(manifestPath, parsed.Diagnostics[0].Message);
        Source = new SourceInfo(SourceKind.Recording, Manifest.Scenario, Manifest.CapturedAt);
    }

    public RecordingManifest Manifest { get; }

    public SourceInfo Source { get; }

    /// <summary>The recording's directory.</summary>
    public DirectoryInfo Directory => _directory;

    public async Task<ClusterSnapshot> GetSnapshotAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var raw = await ReadRawAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return KubeMapper.ToSnapshot(raw, Source, @namespace);
        }
        catch (ClusterAccessException ex) when (ex.Failure == ClusterFailure.Malformed)
        {
            throw ClusterAccessException.BadRecording(_directory.FullName, ex.Message, ex);
        }
    }

    /// <summary>The stored API responses.</summary>
    public async Task<RawClusterData> ReadRawAsync(CancellationToken cancellationToken)
    {
        string Required(string file) => ReadRequired(Path.Combine(_directory.FullName, file));
        async Task<string?> Optional(string file)
        {
            var path = Path.Combine(_directory.FullName, file);
            return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }

        return new RawClusterData(
            Required(RawClusterData.NodesFile),
            Required(RawClusterData.PodsFile),
            Required(RawClusterData.ServicesFile),
            Required(RawClusterData.EndpointSlicesFile),
            await Optional(RawClusterData.ConfigMapsFile).ConfigureAwait(false),
            await Optional(RawClusterData.DaemonSetsFile).ConfigureAwait(false),
            await Optional(RawClusterData.VersionFile).ConfigureAwait(false));
    }

    public async Task<NodeDump?> GetNodeDumpAsync(string nodeName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        if (nodeName.Contains('/', StringComparison.Ordinal) || nodeName.Contains('\\', StringComparison.Ordinal) || nodeName.StartsWith('.'))
        {
            throw ClusterAccessException.BadRecording(nodeName, "not a node name");
        }

        var dir = Path.Combine(_directory.FullName, "nodes", nodeName);
        if (!System.IO.Directory.Exists(dir))
        {
            return null;
        }

        async Task<string?> Part(string file)
        {
            var path = Path.Combine(dir, file);
            return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }

        return new NodeDump(nodeName, await Part("iptables-save.txt").ConfigureAwait(false), await Part("nft-ruleset.txt").ConfigureAwait(false),
            await Part("ipvsadm.txt").ConfigureAwait(false), await Part("ipset.txt").ConfigureAwait(false), await Part("resolv.conf").ConfigureAwait(false),
            (await Part("local-addresses.txt").ConfigureAwait(false))?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>The measured results stored with the recording (<c>measurements/&lt;name&gt;.json</c>), read by name.</summary>
    public RecordedMeasurements Measurements => new(_directory);

    /// <summary>The recorded DNS runs (<c>dns/*.jsonl</c>), by file name.</summary>
    public IReadOnlyList<FileInfo> DnsRuns()
    {
        var dns = new DirectoryInfo(Path.Combine(_directory.FullName, "dns"));
        return dns.Exists ? [.. dns.GetFiles("*.jsonl").OrderBy(f => f.Name, StringComparer.Ordinal)] : [];
    }

    private static string ReadRequired(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ClusterAccessException.BadRecording(path, "missing");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ClusterAccessException.BadRecording(path, ex.GetType().Name, ex);
        }
    }
}
