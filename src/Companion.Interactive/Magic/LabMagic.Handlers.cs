using Microsoft.DotNet.Interactive;

namespace Companion.Interactive.Magic;

/// <summary>The handlers: preflight (misspelled options, --help), then one runner call with the cell's token, displayed.</summary>
public sealed partial class LabMagic
{
    private Task UpAsync(LabUpCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Up, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.UpAsync(command, () => ProgressDisplay.Start(context, 1), ct));

    private Task StatusAsync(LabStatusCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Status, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.StatusAsync(command, ct));

    private Task DownAsync(LabDownCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Down, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.DownAsync(command, ct));

    private Task ProbeAsync(LabProbeCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Probe, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.ProbeAsync(DirectiveLine.Positionals(command, Probe), command, total => ProgressDisplay.Start(context, total), ct));

    private Task FaultAsync(LabFaultCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Fault, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.FaultAsync(DirectiveLine.Positionals(command, Fault), command, ct));

    private Task ResolvOptionsAsync(LabResolvOptionsCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, ResolvOptions, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.ResolvOptionsAsync(DirectiveLine.Positionals(command, ResolvOptions), command, ct));

    private Task CaptureAsync(LabCaptureCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Capture, context) ? Task.CompletedTask : MagicSupport.RunAsync(command, context, ct => _runner.CaptureAsync(command, ct));

    private Task TraceAsync(LabTraceCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Trace, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.TraceAsync(DirectiveLine.Positionals(command, Trace), command, ct));

    private Task ScaleAsync(LabScaleCommand command, KernelInvocationContext context) =>
        MagicSupport.Preflight(command, Scale, context) ? Task.CompletedTask
            : MagicSupport.RunAsync(command, context, ct => _runner.ScaleAsync(command, () => ProgressDisplay.Start(context, 1), ct));
}
