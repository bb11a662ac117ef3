using Microsoft.DotNet.Interactive;

namespace Companion.Interactive.Magic;

/// <summary>
/// What every <c>#!dns</c> subcommand accepts. Options bind by name (<c>--resolv-conf</c> → <see cref="ResolvConf"/>):
/// a misspelled property would silently bind nothing, so each one has a binding test.
/// </summary>
public abstract class DnsLookupCommand : CompanionCommand
{
    /// <summary>The name to look up (the implicit first argument).</summary>
    public string? Name { get; set; }

    /// <summary><c>--resolv-conf FILE</c>.</summary>
    public string? ResolvConf { get; set; }

    /// <summary><c>--server IP[:port]</c>: overrides the resolv.conf nameservers.</summary>
    public string? Server { get; set; }

    /// <summary><c>--ndots N</c>.</summary>
    public int? Ndots { get; set; }

    /// <summary><c>--search "a b c"</c>: the search list, separated by spaces or commas.</summary>
    public string? Search { get; set; }

    /// <summary><c>--libc glibc|musl</c>.</summary>
    public string? Libc { get; set; }

    /// <inheritdoc />
    public override IEnumerable<string> GetValidationErrors(CompositeKernel kernel)
    {
        foreach (var error in base.GetValidationErrors(kernel))
        {
            yield return error;
        }

        if (Help)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "a NAME to look up is required, e.g. #!dns probe web.demo (see --help)";
        }

        if (Libc is not null && !DnsOptionParsing.TryParseLibc(Libc, out _))
        {
            yield return $"--libc must be glibc or musl, not '{Libc}'";
        }

        if (Ndots is < 0 or > Core.Dns.ResolvConf.MaxNdots)
        {
            yield return $"--ndots must be between 0 and {Core.Dns.ResolvConf.MaxNdots}";
        }
    }
}
