using Companion.Core.Lab;
using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>
/// Brings a lab up, reports its status and tears it down. Every step is recorded in the state file before it happens,
/// every command has a timeout, and everything honours the cancellation token.
/// </summary>
public sealed partial class LabController(LabStateStore? store = null, ILabProxyRules? proxyRules = null)
{
    public const string PhaseCreating = "creating";
    public const string PhaseUp = "up";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    public LabStateStore Store { get; } = store ?? new LabStateStore();

    /// <summary>
    /// The kube-proxy rule source: the project's generators (<see cref="LabProxyRules.Instance"/>) unless a caller gives another.
    /// A lab without Service rules is a trap (every ClusterIP connect fails), so it is never the default.
    /// </summary>
    public ILabProxyRules? ProxyRules { get; } = proxyRules ?? LabProxyRules.Instance;

    /// <summary>Reads a model file (or the built-in default) and assigns addresses. Throws <see cref="LabException"/> on an invalid model.</summary>
    public static LabTopology Plan(string labName, string modelJson, string modelSource)
    {
        var model = LabModelParser.Parse(modelJson, modelSource);
        if (!model.IsValid)
        {
            throw new LabException(model.Diagnostics.First(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error).ToString());
        }

        var topology = LabTopologyBuilder.Build(model.Value, labName);
        return topology.IsValid
            ? topology.Value
            : throw new LabException(topology.Diagnostics.First(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error).ToString());
    }

    /// <summary>The lab's status, from its state file and the namespaces that really exist.</summary>
    public async Task<LabStatus> StatusAsync(string labName, CancellationToken cancellationToken)
    {
        var state = Store.Load(labName);
        if (state is null)
        {
            return LabStatus.Down(labName);
        }

        var existing = await ListNetnsAsync(cancellationToken).ConfigureAwait(false);
        var topology = Plan(labName, state.ModelJson, state.ModelSource);
        var up = state.Phase == PhaseUp && topology.AllNetns.All(existing.Contains);
        return new LabStatus(labName, up, state.Phase, state.ProxyMode, up ? topology : null);
    }

    /// <summary>The topology of a lab that is up; throws <see cref="LabException"/> otherwise.</summary>
    public async Task<LabTopology> RequireUpAsync(string labName, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(labName, cancellationToken).ConfigureAwait(false);
        return status.Topology ?? throw new LabException($"lab {labName} is not up; run `companion lab up` first.");
    }

    internal static async Task<HashSet<string>> ListNetnsAsync(CancellationToken cancellationToken)
    {
        var ip = LabTools.Require("ip");
        var r = await LabProcess.RunAsync(ip, ["netns", "list"], timeout: StepTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
    }

    private static string ModeName(ProxyMode mode) => mode == ProxyMode.Nftables ? "nftables" : "iptables";
}
