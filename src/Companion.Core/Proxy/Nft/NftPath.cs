namespace Companion.Core.Proxy;

/// <summary>How a chain walk ended for one path.</summary>
internal enum NftOutcome
{
    FallThrough,
    Return,
    Accept,
    Drop,
    Reject,
}

/// <summary>
/// One possible fate of the packet while the ruleset is walked: numgen and partial matches split a path into
/// several, each with its share of the probability. Mutable, cloned at every split.
/// </summary>
internal sealed class NftPath
{
    public required double Probability { get; set; }

    public required uint Destination { get; set; }

    public required int DestinationPort { get; set; }

    public long Mark { get; set; }

    public bool Natted { get; set; }

    public bool Masquerade { get; set; }

    public string? EndpointChain { get; set; }

    public string? LastElementComment { get; set; }

    public string? Reason { get; set; }

    public List<RuleHit> Hits { get; private init; } = [];

    public List<string> Chains { get; private init; } = [];

    public NftPath Clone(double share) => new()
    {
        Probability = Probability * share,
        Destination = Destination,
        DestinationPort = DestinationPort,
        Mark = Mark,
        Natted = Natted,
        Masquerade = Masquerade,
        EndpointChain = EndpointChain,
        LastElementComment = LastElementComment,
        Reason = Reason,
        Hits = [.. Hits],
        Chains = [.. Chains],
    };

    public void Enter(string chain)
    {
        if (Chains.Count == 0 || Chains[^1] != chain)
        {
            Chains.Add(chain);
        }
    }
}
