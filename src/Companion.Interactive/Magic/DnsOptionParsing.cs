using Companion.Cluster.Dns;
using Companion.Core.Dns;

namespace Companion.Interactive.Magic;

/// <summary>Turns a DNS magic's options into the library's options.</summary>
internal static class DnsOptionParsing
{
    public static bool TryParseLibc(string? text, out ResolverLibc libc)
    {
        libc = ResolverLibc.Glibc;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "glibc":
                return true;
            case "musl":
                libc = ResolverLibc.Musl;
                return true;
            default:
                return false;
        }
    }

    public static DnsConfOptions ToConfOptions(DnsLookupCommand command, CompanionServices services) => new(
        command.ResolvConf ?? services.DefaultResolvConfPath,
        command.Server ?? services.DefaultDnsServer,
        command.Ndots,
        command.Search?.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static ResolverLibc LibcOf(DnsLookupCommand command, CompanionServices services) =>
        TryParseLibc(command.Libc, out var libc) ? libc : services.DefaultLibc;
}
