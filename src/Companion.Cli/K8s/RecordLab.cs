using Companion.Cli.Lab;
using Companion.Cluster.Recording;
using Companion.Core.Model;
using Companion.Lab;

namespace Companion.Cli.K8s;

/// <summary>`companion record --lab`: brings the lab up if needed (and down after, only then), records it with measurements.</summary>
internal static class RecordLab
{
    public static async Task<RecordingManifest> RunAsync(CliIo io, string labName, string proxyMode, DirectoryInfo output, CancellationToken ct)
    {
        var controller = LabDefaults.Controller();
        var broughtUp = false;
        if ((await controller.StatusAsync(labName, ct).ConfigureAwait(false)).Topology is null)
        {
            var mode = proxyMode == "nftables" ? ProxyMode.Nftables : ProxyMode.Iptables;
            await controller.UpAsync(new LabUpOptions(labName, LabDefaults.ModelJson(), "built-in lab-model.json", mode),
                new LineProgress<LabProgress>(p => io.Error.WriteLine($"lab up: [{p.Done}/{p.Total}] {p.Step}")), ct).ConfigureAwait(false);
            broughtUp = true;
        }

        try
        {
            var command = $"companion record --lab --lab-name {labName} --proxy-mode {proxyMode} --out {output.Name}";
            return await LabRecorder.RecordAsync(controller, labName, output, command, ProbeAsync, new LabRecordOptions(),
                new LineProgress<string>(s => io.Error.WriteLine($"record: {s}")), ct).ConfigureAwait(false);
        }
        finally
        {
            if (broughtUp)
            {
                await controller.DownAsync(labName, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> ProbeAsync(Core.Lab.LabPod pod, string name, int count, CancellationToken ct)
    {
        var r = await LabDnsProbe.RunAsync(pod, name, count, json: true, ct).ConfigureAwait(false);
        return r.Ok ? r.Stdout : throw new LabException($"dns probe {name} in {pod.Key} failed ({r.ExitCode}): {r.Stderr.Trim()}");
    }

    private sealed class LineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
