namespace Companion.Core.Dns;

/// <summary>How one wire query or one whole lookup ended. Failures are outcomes, never exceptions.</summary>
public enum DnsOutcome
{
    /// <summary>NOERROR with at least one answer of the asked type (or, for a lookup, at least one address).</summary>
    NoError,

    /// <summary>NOERROR without an answer of the asked type: the name exists, the type does not.</summary>
    NoData,

    /// <summary>The name does not exist.</summary>
    NxDomain,

    /// <summary>The server failed.</summary>
    ServFail,

    /// <summary>The server refused.</summary>
    Refused,

    /// <summary>No answer within the timeout.</summary>
    Timeout,

    /// <summary>Anything else: another rcode, a socket error, a malformed answer.</summary>
    Error,
}
