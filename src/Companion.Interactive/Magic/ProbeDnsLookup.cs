using Microsoft.DotNet.Interactive;

namespace Companion.Interactive.Magic;

/// <summary><c>#!dns probe NAME</c>: times real lookups, every query on the wire.</summary>
public sealed class ProbeDnsLookup : DnsLookupCommand
{
    /// <summary>The most lookups one cell may ask for.</summary>
    public const int MaxCount = 100_000;

    /// <summary><c>--count N</c>: how many lookups.</summary>
    public int Count { get; set; } = 1;

    /// <summary><c>--concurrency N</c>: lookups in flight.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary><c>--tcp</c>: every query over TCP.</summary>
    public bool Tcp { get; set; }

    /// <summary><c>--timeout-ms N</c>: per wire query (default: the resolv.conf timeout).</summary>
    public int? TimeoutMs { get; set; }

    /// <summary><c>--rate N</c>: paced, at most N lookups started per second (default: a closed loop, as fast as C allows).</summary>
    public int? Rate { get; set; }

    /// <inheritdoc />
    public override IEnumerable<string> GetValidationErrors(CompositeKernel kernel)
    {
        foreach (var error in base.GetValidationErrors(kernel))
        {
            yield return error;
        }

        if (Count is < 1 or > MaxCount)
        {
            yield return $"--count must be between 1 and {MaxCount}";
        }

        if (Concurrency is < 1 or > 1000)
        {
            yield return "--concurrency must be between 1 and 1000";
        }

        if (TimeoutMs is < 1 or > 60_000)
        {
            yield return "--timeout-ms must be between 1 and 60000";
        }

        if (Rate is < 1 or > 10_000_000)
        {
            yield return "--rate must be between 1 and 10000000 lookups per second";
        }
    }
}
