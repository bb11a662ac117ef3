using System.Globalization;

namespace Companion.Core.Dns;

/// <summary>Response codes: their outcome and their upper-case mnemonic (RFC 1035, 2136, 6891).</summary>
public static class DnsRcode
{
    /// <summary>Maps an rcode and the number of answers of the asked type to an outcome.</summary>
    public static DnsOutcome Outcome(int rcode, int answers) => rcode switch
    {
        0 => answers > 0 ? DnsOutcome.NoError : DnsOutcome.NoData,
        2 => DnsOutcome.ServFail,
        3 => DnsOutcome.NxDomain,
        5 => DnsOutcome.Refused,
        _ => DnsOutcome.Error,
    };

    /// <summary>The upper-case mnemonic of an rcode ("RCODE11" for one without a name).</summary>
    public static string Name(int rcode) => rcode switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        16 => "BADVERS",
        _ => "RCODE" + rcode.ToString(CultureInfo.InvariantCulture),
    };
}
