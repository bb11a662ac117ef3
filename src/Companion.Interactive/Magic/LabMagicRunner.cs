using System.Globalization;
using Companion.Core.Dns;
using Companion.Core.Model;
using Companion.Interactive.Views;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>The one library call behind each <c>#!lab</c> subcommand (the controller in <see cref="CompanionServices.Lab"/>).</summary>
public sealed class LabMagicRunner(CompanionServices services)
{
    public async Task<LabStatus> UpAsync(LabUpCommand command, IProgress<ProbeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var mode = (command.ProxyMode ?? "iptables").ToLowerInvariant() switch
        {
            "iptables" => ProxyMode.Iptables,
            "nftables" => ProxyMode.Nftables,
            _ => throw new MagicException($"--proxy-mode must be iptables or nftables, not '{command.ProxyMode}'"),
        };
        if (LabPrivileges.Missing(mode == ProxyMode.Nftables) is { } missing)
        {
            throw new MagicException(missing);
        }

        var name = command.Lab ?? services.LabName;
        var model = command.Model is { } file ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : LabDefaultModel.Json();
        var options = new LabUpOptions(name, model, command.Model is null ? "built-in lab-model.json" : Path.GetFullPath(command.Model), mode);
        await services.Lab.UpAsync(options, progress is null ? null : new LabProgressBar(progress), cancellationToken).ConfigureAwait(false);
        services.LabName = name;
        if (services.Source is null or LabClusterSource)
        {
            services.Source = new LabClusterSource(name, services.Lab);
        }

        return await services.Lab.StatusAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public Task<LabStatus> StatusAsync(LabStatusCommand command, CancellationToken cancellationToken) =>
        services.Lab.StatusAsync(command?.Lab ?? services.LabName, cancellationToken);

    public async Task<LabStatus> DownAsync(LabDownCommand command, CancellationToken cancellationToken)
    {
        var name = command?.Lab ?? services.LabName;
        await services.Lab.DownAsync(name, null, cancellationToken).ConfigureAwait(false);
        return await services.Lab.StatusAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LabTcpProbeReport> ProbeAsync(IReadOnlyList<string> words, LabProbeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(command);
        if (words.Count != 2 || words[0] != "tcp")
        {
            throw new MagicException(words.Count > 0 && words[0] == "dns"
                ? "#!lab probe dns is not in the notebook yet; run `companion lab probe dns NAME --from NS/POD` in a terminal"
                : "usage: #!lab probe tcp HOST:PORT --from NS/POD [--count N] (see --help)");
        }

        var target = words[1];
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new MagicException($"'{target}' is not HOST:PORT");
        }

        if (command.Count is < 1 or > LabTcpProbe.MaxCount || command.TimeoutMs is < 1 or > 60_000)
        {
            throw new MagicException($"--count must be between 1 and {LabTcpProbe.MaxCount}, --timeout-ms between 1 and 60000");
        }

        var name = command.Lab ?? services.LabName;
        var from = command.From ?? throw new MagicException("--from NS/POD is required");
        var topology = await services.Lab.RequireUpAsync(name, cancellationToken).ConfigureAwait(false);
        var pod = topology.FindPod(from) ?? throw new MagicException($"no pod {from} in lab {name}; see #!lab status");
        var run = await LabTcpProbe.ProbeAsync(topology, pod, target[..colon], port, command.Count, TimeSpan.FromMilliseconds(command.TimeoutMs), cancellationToken)
            .ConfigureAwait(false);
        var source = $"lab: {name}, from {pod.Key}";
        return new LabTcpProbeReport(run, run.ToLatencyChart(target, source), run.ToEndpointSplit(target, source), source);
    }

    private sealed class LabProgressBar(IProgress<ProbeProgress> bar) : IProgress<LabProgress>
    {
        public void Report(LabProgress value) => bar.Report(new ProbeProgress(value.Done, Math.Max(1, value.Total)));
    }
}
