using System.Text.Json;

namespace Companion.Lab;

/// <summary>
/// Reads and writes lab state files (/run/companion-lab/&lt;lab&gt;.json). Writes are atomic: a temporary file, then rename.
/// </summary>
public sealed class LabStateStore(string? directory = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Directory { get; } = directory ?? Environment.GetEnvironmentVariable("COMPANION_LAB_STATE_DIR") ?? "/run/companion-lab";

    /// <summary>Exists while /etc/netns is there because a lab created it; the last lab down removes both.</summary>
    public string EtcNetnsMarker => System.IO.Path.Combine(Directory, "etc-netns.created");

    public string PathFor(string lab) => System.IO.Path.Combine(Directory, lab + ".json");

    /// <summary>The lab's run directory (dnsmasq log and pid, pod server script).</summary>
    public string RunDirFor(string lab) => System.IO.Path.Combine(Directory, lab);

    public LabState? Load(string lab)
    {
        try
        {
            var text = File.ReadAllText(PathFor(lab));
            return JsonSerializer.Deserialize<LabState>(text, Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    public void Save(LabState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathFor(state.Name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, Json));
        File.Move(temp, path, overwrite: true);
    }

    public void Delete(string lab)
    {
        File.Delete(PathFor(lab));
        File.Delete(PathFor(lab) + ".tmp");
        if (System.IO.Directory.Exists(Directory) && !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
        {
            System.IO.Directory.Delete(Directory);
        }
    }
}
