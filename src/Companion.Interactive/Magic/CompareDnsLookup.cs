using Microsoft.DotNet.Interactive;

namespace Companion.Interactive.Magic;

/// <summary><c>#!dns compare NAME</c>: what-ifs side by side (ndots 5, 2, 1, the trailing dot, single-request-reopen).</summary>
public sealed class CompareDnsLookup : DnsLookupCommand
{
    /// <summary><c>--count N</c>: lookups per variant.</summary>
    public int Count { get; set; } = 20;

    /// <inheritdoc />
    public override IEnumerable<string> GetValidationErrors(CompositeKernel kernel)
    {
        foreach (var error in base.GetValidationErrors(kernel))
        {
            yield return error;
        }

        if (Count is < 1 or > 10_000)
        {
            yield return "--count must be between 1 and 10000";
        }
    }
}
