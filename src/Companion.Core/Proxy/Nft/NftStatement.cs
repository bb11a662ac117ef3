namespace Companion.Core.Proxy;

/// <summary>What a rule looks at in a packet.</summary>
internal enum NftField
{
    IpSaddr,
    IpDaddr,
    L4Proto,
    Dport,
    Sport,
    IifName,
    OifName,
    CtState,
    FibDaddrType,
    FibSaddrType,
    Mark,
}

/// <summary>A compiled rule: matches first, then statements, in order.</summary>
internal sealed record NftCompiledRule(IReadOnlyList<NftMatch> Matches, IReadOnlyList<NftAction> Actions);

/// <summary>A match: a field (or a concatenation) compared with values, a set, or a numgen draw.</summary>
internal abstract record NftMatch;

/// <summary>field [!=] value(s); Values are alternatives (an anonymous set or one value). MarkMask applies to Mark.</summary>
internal sealed record NftCompareMatch(NftField Field, bool Negated, IReadOnlyList<string> Values, long? MarkMask = null) : NftMatch;

/// <summary>field[ . field…] [!=] @set.</summary>
internal sealed record NftSetMatch(IReadOnlyList<NftField> Fields, bool Negated, string SetName) : NftMatch;

/// <summary>numgen random mod N [op value]: true with probability Share.</summary>
internal sealed record NftNumgenMatch(int Modulus, string Operator, int Value) : NftMatch
{
    public double Share
    {
        get
        {
            var hits = Enumerable.Range(0, Modulus).Count(v => Operator switch
            {
                "<" => v < Value,
                "<=" => v <= Value,
                ">" => v > Value,
                ">=" => v >= Value,
                "!=" => v != Value,
                _ => v == Value,
            });
            return Modulus == 0 ? 0 : (double)hits / Modulus;
        }
    }
}

/// <summary>A statement that does something.</summary>
internal abstract record NftAction;

/// <summary>jump, goto, return, accept, drop, reject, continue.</summary>
internal sealed record NftVerdictAction(string Kind, string? Target = null, string? Detail = null) : NftAction
{
    public override string ToString() => Target is null ? Kind : $"{Kind} {Target}";
}

/// <summary>key vmap @map or key vmap { k : verdict, … }.</summary>
internal sealed record NftVmapAction(IReadOnlyList<NftField> Fields, string? MapName, IReadOnlyList<NftSetElement>? Inline) : NftAction;

/// <summary>numgen random mod N vmap { 0 : goto a, 1 : goto b }.</summary>
internal sealed record NftNumgenVmapAction(int Modulus, IReadOnlyList<NftSetElement> Entries) : NftAction;

/// <summary>dnat to ip[:port].</summary>
internal sealed record NftDnatAction(string Address, int? Port) : NftAction;

/// <summary>masquerade [fully-random].</summary>
internal sealed record NftMasqueradeAction(string Options) : NftAction;

/// <summary>meta mark set meta mark (or|xor|and) value, or set to a value.</summary>
internal sealed record NftMarkSetAction(string Operator, long Value) : NftAction;

/// <summary>Statements with no effect on the verdict: counter, log, update @set, meta nftrace set 1.</summary>
internal sealed record NftNoOpAction(string Kind) : NftAction;
