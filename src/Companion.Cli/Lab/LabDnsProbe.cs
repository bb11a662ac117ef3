using System.Globalization;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>
/// Runs `companion dns probe` inside the pod's netns (`ip netns exec` also bind-mounts the pod's resolv.conf over
/// /etc/resolv.conf), so the lookup uses the pod's network and resolver settings; the timing is taken inside.
/// </summary>
internal static class LabDnsProbe
{
    public static async Task<LabProcessResult> RunAsync(Core.Lab.LabPod pod, string name, int count, bool json, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 10_000)
        {
            throw new LabException("--count must be between 1 and 10000");
        }

        var ip = LabTools.Require("ip");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? LabTools.Find("dotnet") ?? "dotnet";
        var companion = typeof(LabDnsProbe).Assembly.Location;
        var args = new List<string> { "netns", "exec", pod.Netns, dotnet, companion, "dns", "probe", name, "--count", count.ToString(CultureInfo.InvariantCulture) };
        if (json)
        {
            args.Add("--json");
        }

        return await LabProcess.RunAsync(ip, args, timeout: TimeSpan.FromSeconds(30 + (count * 16)), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
