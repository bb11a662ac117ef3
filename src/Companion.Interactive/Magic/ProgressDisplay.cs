using Companion.Core.Dns;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace Companion.Interactive.Magic;

/// <summary>A progress bar displayed once and updated in place (at most every 5 %), from any thread.</summary>
internal sealed class ProgressDisplay : IProgress<ProbeProgress>
{
    private readonly DisplayedValue _view;
    private readonly Lock _gate = new();
    private int _shownStep = -1;

    private ProgressDisplay(DisplayedValue view) => _view = view;

    public static ProgressDisplay Start(KernelInvocationContext context, int total) =>
        new(context.Display(new ProbeProgress(0, Math.Max(1, total))));

    public void Report(ProbeProgress value)
    {
        var step = value.Total <= 0 ? 20 : value.Completed * 20 / value.Total;
        lock (_gate)
        {
            if (step == _shownStep)
            {
                return;
            }

            _shownStep = step;
            _view.Update(value);
        }
    }
}
