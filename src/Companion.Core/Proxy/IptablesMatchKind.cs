namespace Companion.Core.Proxy;

/// <summary>The kinds of iptables match the tracer evaluates; <see cref="Unknown"/> is kept as text and reported.</summary>
public enum IptablesMatchKind
{
    Source,
    Destination,
    Protocol,
    InInterface,
    OutInterface,
    DestinationPort,
    SourcePort,
    Comment,
    StatisticRandom,
    RecentCheck,
    RecentSet,
    AddrTypeSource,
    AddrTypeDestination,
    Mark,
    ConnState,
    MatchSet,
    TcpSyn,
    Unknown,
}
