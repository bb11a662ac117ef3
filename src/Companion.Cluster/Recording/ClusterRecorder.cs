using Companion.Cluster.Live;
using Companion.Cluster.Mapping;
using Companion.Cluster.Sources;
using Companion.Core.Model;

namespace Companion.Cluster.Recording;

/// <summary>
/// Writes a recording: the raw API JSON exactly as returned, optional node dumps, then manifest.json. Everything is
/// written into a temporary sibling directory that is renamed into place at the end, so a crash never leaves a half
/// recording that looks complete (no manifest, wrong name).
/// </summary>
public static class ClusterRecorder
{
    /// <summary>Reads the live cluster and writes the recording to <paramref name="output"/> (which must not exist).</summary>
    public static async Task<RecordingManifest> RecordAsync(
        LiveClusterSource source,
        DirectoryInfo output,
        string captureCommand,
        TimeProvider? clock = null,
        IReadOnlyList<string>? nodeDumps = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        var raw = await source.ReadRawAsync(null, cancellationToken).ConfigureAwait(false);
        var dumps = new List<NodeDump>();
        foreach (var node in nodeDumps ?? [])
        {
            if (await source.GetNodeDumpAsync(node, cancellationToken).ConfigureAwait(false) is { } dump)
            {
                dumps.Add(dump);
            }
        }

        return await WriteAsync(raw, dumps, output, source.Source.Name, captureCommand, (clock ?? TimeProvider.System).GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes raw data as a recording, atomically.</summary>
    public static async Task<RecordingManifest> WriteAsync(
        RawClusterData raw,
        IReadOnlyList<NodeDump> dumps,
        DirectoryInfo output,
        string context,
        string captureCommand,
        DateTimeOffset capturedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(dumps);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Exists || File.Exists(output.FullName))
        {
            throw ClusterAccessException.BadRecording(output.FullName, "already exists; choose a new --out directory");
        }

        // Validates the data through the real mapper before anything is written.
        var snapshot = KubeMapper.ToSnapshot(raw, new SourceInfo(SourceKind.Live, context));
        var manifest = new RecordingManifest(output.Name, capturedAt, snapshot.ServerVersion,
            snapshot.ProxyMode.Mode.ToString().ToLowerInvariant(), Core.Security.Redactor.Redact(captureCommand), context);

        var parent = output.Parent ?? throw ClusterAccessException.BadRecording(output.FullName, "no parent directory");
        parent.Create();
        var temp = new DirectoryInfo(Path.Combine(parent.FullName, $".{output.Name}.partial-{Guid.NewGuid():N}"));
        temp.Create();
        try
        {
            foreach (var (file, json) in raw.Files())
            {
                await File.WriteAllTextAsync(Path.Combine(temp.FullName, file), json, cancellationToken).ConfigureAwait(false);
            }

            foreach (var dump in dumps)
            {
                await WriteDumpAsync(temp, dump, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllTextAsync(Path.Combine(temp.FullName, RecordingManifest.FileName), manifest.ToJson(), cancellationToken).ConfigureAwait(false);
            temp.MoveTo(output.FullName);
            return manifest;
        }
        catch
        {
            if (temp.Exists)
            {
                temp.Delete(recursive: true);
            }

            throw;
        }
    }

    private static async Task WriteDumpAsync(DirectoryInfo root, NodeDump dump, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root.FullName, "nodes", Path.GetFileName(dump.NodeName)));
        foreach (var (file, text) in new[] { ("iptables-save.txt", dump.IptablesSave), ("nft-ruleset.txt", dump.NftRuleset), ("ipvsadm.txt", dump.IpvsadmList), ("ipset.txt", dump.IpsetList), ("resolv.conf", dump.ResolvConf) })
        {
            if (text is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, file), text, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
