using System.Globalization;

namespace Companion.Core.Dns;

/// <summary>
/// Search-list expansion as glibc 2.36 and musl 1.2.3 do it (spec §D.2, §D.3): which names are tried, in which order,
/// and which types per name. The plan assumes no candidate answers; <see cref="DnsProber"/> stops where the libc stops.
/// </summary>
public static class DnsQueryPlanner
{
    /// <summary>
    /// Plans the lookup of <paramref name="name"/>. <paramref name="type"/> null means an unspecified address family
    /// (A then AAAA for every candidate); any other type asks only for that type.
    /// </summary>
    public static DnsQueryPlan Plan(string name, ResolvConf conf, ResolverLibc libc, DnsRecordType? type = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var input = (name ?? "").Trim();
        var trailingDot = input.EndsWith('.');
        var bare = input.TrimEnd('.');
        var dots = bare.Count(c => c == '.');
        var candidates = libc == ResolverLibc.Glibc
            ? GlibcCandidates(bare, dots, trailingDot, conf)
            : MuslCandidates(bare, dots, trailingDot, conf);
        if (bare.Length == 0)
        {
            candidates = [];
        }

        IReadOnlyList<DnsRecordType> types = type is { } t ? [t] : [DnsRecordType.A, DnsRecordType.AAAA];
        var parallel = types.Count > 1 && (libc == ResolverLibc.Musl || !(conf.SingleRequest || conf.SingleRequestReopen));
        var queries = candidates.SelectMany(c => types.Select(ty => new PlannedQuery(ty, c))).ToList();
        var explanation = Explain(libc, bare, dots, trailingDot, conf, candidates.Count, types.Count, parallel);
        return new DnsQueryPlan(input, libc, conf, queries, candidates, types, dots, trailingDot, parallel, explanation);
    }

    /// <summary>Whether the libc walks on to the next candidate after a candidate ended with this outcome.</summary>
    public static bool ContinuesAfter(ResolverLibc libc, DnsOutcome candidateOutcome) => libc switch
    {
        ResolverLibc.Glibc => candidateOutcome is DnsOutcome.NxDomain or DnsOutcome.NoData or DnsOutcome.ServFail,
        _ => candidateOutcome is DnsOutcome.NxDomain,
    };

    private static List<string> GlibcCandidates(string bare, int dots, bool trailingDot, ResolvConf conf)
    {
        if (trailingDot)
        {
            return [bare];
        }

        var list = new List<string>();
        var triedAsIs = false;
        if (dots >= conf.Ndots)
        {
            list.Add(bare);
            triedAsIs = true;
        }

        foreach (var domain in conf.Search)
        {
            var d = domain.Trim('.');
            if (d.Length == 0)
            {
                if (!triedAsIs)
                {
                    list.Add(bare);
                    triedAsIs = true;
                }

                continue;
            }

            list.Add($"{bare}.{d}");
        }

        if (!triedAsIs)
        {
            list.Add(bare);
        }

        return list;
    }

    private static List<string> MuslCandidates(string bare, int dots, bool trailingDot, ResolvConf conf)
    {
        if (trailingDot || dots >= conf.Ndots)
        {
            return [bare];
        }

        var list = conf.Search.Select(d => d.Trim('.')).Where(d => d.Length > 0).Select(d => $"{bare}.{d}").ToList();
        list.Add(bare);
        return list;
    }

    private static string Explain(ResolverLibc libc, string bare, int dots, bool trailingDot, ResolvConf conf, int candidates, int types, bool parallel)
    {
        var inv = CultureInfo.InvariantCulture;
        var who = libc == ResolverLibc.Glibc ? "glibc" : "musl";
        string order;
        if (trailingDot)
        {
            order = "a trailing dot means absolute: only the name itself";
        }
        else if (dots >= conf.Ndots)
        {
            order = libc == ResolverLibc.Glibc
                ? string.Format(inv, "{0} dot(s) ≥ ndots {1}: the name as is first, then the {2} search domain(s)", dots, conf.Ndots, conf.Search.Count)
                : string.Format(inv, "{0} dot(s) ≥ ndots {1}: only the name as is, no search", dots, conf.Ndots);
        }
        else
        {
            order = string.Format(inv, "{0} dot(s) < ndots {1}: the {2} search domain(s) first, then the name as is", dots, conf.Ndots, conf.Search.Count);
        }

        var pairing = types == 1 ? "one type per candidate"
            : parallel ? "A and AAAA in parallel per candidate"
            : conf.SingleRequestReopen ? "A, then AAAA from a new socket (single-request-reopen)"
            : "A, then AAAA (single-request)";
        var stops = libc == ResolverLibc.Glibc
            ? "NXDOMAIN, NODATA and SERVFAIL move on; REFUSED or a timeout stop"
            : "only NXDOMAIN moves on; NODATA, SERVFAIL and a timeout stop";
        return string.Format(inv, "{0}: '{1}': {2}; {3}; {4}. Up to {5} queries.", who, bare, order, pairing, stops, candidates * types);
    }
}
