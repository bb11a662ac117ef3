using Companion.Core.Dns;
using Companion.Core.Model;
using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>
/// The one library call behind each <c>#!lab</c> subcommand (the controller in <see cref="CompanionServices.Lab"/>), made
/// source-aware: on the lab it runs; on a recording a measurement is replayed (<see cref="Cluster.Recording.RecordedLabReplay"/>)
/// and a change to the lab is one displayed line; on a live cluster, one line says the command is lab-only.
/// </summary>
public sealed partial class LabMagicRunner(CompanionServices services)
{
    public async Task<object> UpAsync(LabUpCommand command, Func<IProgress<ProbeProgress>> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(progress);
        var mode = (command.ProxyMode ?? "iptables").ToLowerInvariant() switch
        {
            "iptables" => ProxyMode.Iptables,
            "nftables" => ProxyMode.Nftables,
            _ => throw new MagicException($"--proxy-mode must be iptables or nftables, not '{command.ProxyMode}'"),
        };
        if (NoLabHere("#!lab up") is { } notice)
        {
            return notice;
        }

        if (LabPrivileges.Missing(mode == ProxyMode.Nftables) is { } missing)
        {
            throw new MagicException(missing);
        }

        var name = command.Lab ?? services.LabName;
        var model = command.Model is { } file ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : LabDefaultModel.Json();
        var options = new LabUpOptions(name, model, command.Model is null ? "built-in lab-model.json" : Path.GetFullPath(command.Model), mode);
        await services.Lab.UpAsync(options, new LabProgressBar(progress()), cancellationToken).ConfigureAwait(false);
        services.LabName = name;
        if (services.Source is null or LabClusterSource)
        {
            services.Source = new LabClusterSource(name, services.Lab);
        }

        return await services.Lab.StatusAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<object> StatusAsync(LabStatusCommand command, CancellationToken cancellationToken) =>
        await services.Lab.StatusAsync(command?.Lab ?? services.LabName, cancellationToken).ConfigureAwait(false);

    public async Task<object> DownAsync(LabDownCommand command, CancellationToken cancellationToken)
    {
        if (NoLabHere("#!lab down") is { } notice)
        {
            return notice;
        }

        var name = command?.Lab ?? services.LabName;
        await services.Lab.DownAsync(name, null, cancellationToken).ConfigureAwait(false);
        return await services.Lab.StatusAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when the current source is the lab (or none yet); else the line that says this command has no lab to change.</summary>
    private LabNotice? NoLabHere(string what) =>
        services.Source is null or LabClusterSource
            ? null
            : new LabNotice($"no lab on this source ({services.Source.Source.Describe()}): {what} changes the lab, so it did nothing; #!k8s connect --lab (as root) selects the lab.");

    private sealed class LabProgressBar(IProgress<ProbeProgress> bar) : IProgress<LabProgress>
    {
        public void Report(LabProgress value) => bar.Report(new ProbeProgress(value.Done, Math.Max(1, value.Total)));
    }
}
